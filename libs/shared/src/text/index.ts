export * from './storable-text';
export * from './whole-characters';
