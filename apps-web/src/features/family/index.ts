export { FamilyPage } from './FamilyPage';
