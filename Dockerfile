# esferry worker image: docker build -t esferry . && docker run --rm esferry run --help
FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY build ./build
RUN npx tsc -p tsconfig.json
RUN node build/bundle-cli.mjs

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/bin ./dist/bin
USER node
ENTRYPOINT ["node", "dist/bin/esferry.mjs"]
