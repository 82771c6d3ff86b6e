/**
 * Databricks notebook exports carry `-- Databricks notebook source`, `-- MAGIC ...` and `-- DBTITLE ...`
 * lines (SEMANTICS §1, dialect reference §1.2). They are blanked, not removed: each character becomes a
 * space and newlines stay, so every offset in the cleaned text equals the offset in the file on disk.
 * `-- COMMAND ----------` lines stay: the lexer turns them into statement terminators.
 */
const NOTEBOOK_LINE = /^-- (?:Databricks notebook source|MAGIC\b|DBTITLE\b).*$/gm;

export function cleanNotebookText(text: string): string {
  // Fast path: almost every file is a plain file.
  if (!text.includes('-- MAGIC') && !text.includes('-- Databricks notebook source') && !text.includes('-- DBTITLE')) {
    return text;
  }
  return text.replace(NOTEBOOK_LINE, (line) => ' '.repeat(line.length));
}
