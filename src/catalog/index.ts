export { defineService } from './define-service';
export { type CatalogIssue, CatalogValidationError } from './errors';
export { CatalogRules } from './rules';
export * from './types';
export { validateService } from './validate-service';
