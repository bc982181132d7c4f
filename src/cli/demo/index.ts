export * from './run-demo';
export * from './progress';
export * from './project';
export * from './run-process';
export * from './secrets-check';
export * from './simulator-process';
export * from './toolchain';
