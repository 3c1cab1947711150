import { SecretStructureError } from './errors'

/** Env-var name: uppercased, every run of non-alphanumerics → `_`, trimmed of `_`. */
export function toEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')
}

/** The fields of a structured value (a JSON object), each as a string; null for anything else. */
export function parseFields(value: string): Record<string, string> | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const fields: Record<string, string> = {}
  for (const [key, field] of Object.entries(parsed)) fields[key] = typeof field === 'string' ? field : JSON.stringify(field)
  return fields
}

export function requireFields(secretId: string, value: string): Record<string, string> {
  const fields = parseFields(value)
  if (fields === null) throw new SecretStructureError(`Secret ${secretId} is not a structured secret (its value is not a JSON object of fields)`)
  return fields
}

export interface ExportedSecret {
  id: string
  name: string
  value: string
  fieldNames: string | null
}

/** Env-var map of an export: NAME for a plain secret, NAME_FIELD for each field of a structured one. */
export function toEnvMap(secrets: ExportedSecret[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const secret of secrets) {
    const name = toEnvName(secret.name)
    const fields = secret.fieldNames === null || secret.fieldNames === undefined ? null : parseFields(secret.value)
    if (fields === null || Object.keys(fields).length === 0) {
      env[name] = secret.value
      continue
    }
    for (const [field, value] of Object.entries(fields)) env[`${name}_${toEnvName(field)}`] = value
  }
  return env
}
