/** JSON-safe payload templates: compile.ts checks a template and renders it; problems.ts says what is wrong, and where. */
export * from './compile';
export { TemplateError, type TemplateProblem } from './problems';
