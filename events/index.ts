export * from './names';
export * from './patterns';
export * from './schemas';
