export { userGroupResource } from './resource';
export { userGroupDataSource } from './data-source';
export { userGroupSchema, userGroupDataSchema } from './schema';
export type { UserGroupModel, UserGroupDataModel } from './schema';
export { groupNameProblem, GROUP_NAME_RULE } from './naming';
