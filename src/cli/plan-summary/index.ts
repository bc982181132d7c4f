export * from './plan-document';
export * from './classify';
export * from './values';
export * from './explain';
export * from './render';
