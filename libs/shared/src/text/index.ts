export * from './juel-keywords';
export * from './storable-text';
export * from './whole-characters';
