// Public surface of the cluster layer.
export { connect } from './connect.js';
export type { ConnectOptions, AuthOptions, TlsOptions, AwsOptions } from './connect-options.js';
export * from './types.js';
export { EsferryError, type ErrorKind } from './errors.js';
export { classifyHttpError, classifyNetworkError, esErrorInfo } from './classify.js';
export { redactUrl, redactHeaders, redactText } from './redact.js';
export { dialectFor, dialectOf } from './dialects/index.js';
export { detectVersion, parseRootInfo } from './version.js';
export { HttpTransport } from './transport/http-transport.js';
