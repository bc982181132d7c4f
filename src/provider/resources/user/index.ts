export { userResource } from './resource';
export { userSchema } from './schema';
export type { UserModel } from './schema';
export { defaultPasswordSecretName, encodePasswordDocument, generatePassword } from './password';
export { userDataSource } from './data-source';
