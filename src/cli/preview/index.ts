export * from './cdk';
export * from './document';
export * from './terraform';
export * from './run';
