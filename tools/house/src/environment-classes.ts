import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** One variable of an environment class, as its source declares it. */
export interface EnvironmentVariable {
  name: string;
  /** The default as shown to operators: the JSDoc `@default` text, else the initialiser's literal value. */
  defaultValue?: string;
  /** The default is words (a JSDoc `@default`), not a value to type. */
  defaultInWords?: boolean;
  /** The JSDoc comment, on one line. */
  description: string;
  /** The property redeclares an inherited one (a service's own PORT). */
  override: boolean;
}

export interface EnvironmentClass {
  name: string;
  file: string;
  extendsName?: string;
  variables: EnvironmentVariable[];
}

/** The files that declare environment classes: the platform's, auth's and each service's `*-environment.ts`. */
export function environmentFiles(root: string): string[] {
  const files = ['libs/platform/src/config/platform-environment.ts', 'libs/auth/src/nest/auth-environment.ts'];
  const services = join(root, 'services');
  for (const service of readdirSync(services).sort()) {
    const src = join(services, service, 'src');
    if (!existsSync(src)) continue;
    for (const file of readdirSync(src).sort()) {
      if (file.endsWith('-environment.ts')) files.push(relative(root, join(src, file)));
    }
  }
  return files;
}

/**
 * Reads the environment classes from their source (parsed, not type-checked, so it takes milliseconds): names, JSDoc
 * and defaults. A default written as an imported constant (`AUTH_ISSUER = DEFAULT_AUTH_ISSUER`) is looked up in the
 * module it comes from; one computed at start-up (the host name) says so in a JSDoc `@default` tag.
 */
export function readEnvironmentClasses(root: string): EnvironmentClass[] {
  const classes: EnvironmentClass[] = [];
  for (const file of environmentFiles(root).map((name) => join(root, name))) {
    const source = parse(file);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !isExported(statement)) continue;
      if (!statement.name.text.endsWith('Environment')) continue;
      const heritage = statement.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
      classes.push({
        name: statement.name.text,
        file: relative(root, file),
        extendsName: heritage?.types[0]?.expression.getText(source),
        variables: statement.members
          .filter(ts.isPropertyDeclaration)
          .filter((member) => /^[A-Z][A-Z0-9_]*$/.test(member.name.getText(source)))
          .map((member) => variableOf(member, source)),
      });
    }
  }
  return classes;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function isExported(node: ts.ClassDeclaration): boolean {
  return (node.modifiers ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function variableOf(member: ts.PropertyDeclaration, source: ts.SourceFile): EnvironmentVariable {
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const description = docs
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const defaultTag = ts.getJSDocTags(member).find((tag) => tag.tagName.text === 'default');
  const override = (member.modifiers ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.OverrideKeyword);
  return {
    name: member.name.getText(source),
    defaultValue: defaultTag
      ? (ts.getTextOfJSDocComment(defaultTag.comment) ?? '').replace(/\s+/g, ' ').trim()
      : member.initializer && literalValue(member.initializer, source),
    defaultInWords: defaultTag !== undefined,
    description,
    override,
  };
}

function literalValue(initializer: ts.Expression, source: ts.SourceFile): string {
  if (ts.isStringLiteralLike(initializer)) return initializer.text;
  if (ts.isNumericLiteral(initializer)) return String(Number(initializer.text.replace(/_/g, '')));
  if (ts.isIdentifier(initializer)) {
    const constant = importedConstant(initializer.text, source);
    if (constant) return literalValue(constant.initializer, constant.source);
  }
  // Arithmetic such as `24 * 3600`: the source text says it best.
  return initializer.getText(source).replace(/_/g, '');
}

/** `export const NAME = <literal>` in this file or in the relative module it is imported from. */
function importedConstant(
  name: string,
  source: ts.SourceFile,
): { initializer: ts.Expression; source: ts.SourceFile } | undefined {
  const local = exportedConstant(name, source);
  if (local) return { initializer: local, source };
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || !bindings.elements.some((element) => element.name.text === name))
      continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const base = resolve(dirname(source.fileName), specifier);
    const file = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (!file) continue;
    const imported = parse(file);
    const initializer = exportedConstant(name, imported);
    if (initializer) return { initializer, source: imported };
  }
  return undefined;
}

function exportedConstant(name: string, source: ts.SourceFile): ts.Expression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) {
        return declaration.initializer;
      }
    }
  }
  return undefined;
}
