export * from './source';
export * from './provider';
export * from './cluster';
export * from './s3-key';
