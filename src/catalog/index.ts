export { defineService } from './define-service';
export { CatalogValidationError, type CatalogIssue } from './errors';
export { CatalogRules } from './rules';
export { validateService } from './validate-service';
export * from './types';
