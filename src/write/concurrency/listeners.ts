// Subscriber list shared by the controllers: a throwing listener must not stop the others.

export interface ListenerSet {
  add(listener: (writers: number) => void): () => void;
  emit(writers: number): void;
  clear(): void;
}

export function createListenerSet(): ListenerSet {
  const listeners = new Set<(writers: number) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(writers) {
      for (const listener of [...listeners]) {
        try {
          listener(writers);
        } catch {
          // a broken observer (progress bar, log) must not break the writers
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
