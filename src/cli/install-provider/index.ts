export * from './platform';
export * from './layout';
export * from './dirhash';
export * from './package-root';
export * from './cli-config';
export * from './install';
export * from './default-mirror';
