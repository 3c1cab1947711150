// The seed's import style: a named ESM import of the package by its own name.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SikkerKey, ConfigurationError, NotFoundError, ApiError } from '@sikkerkey/sdk'

test('ESM named imports of @sikkerkey/sdk resolve to the classes', () => {
  assert.equal(typeof SikkerKey, 'function')
  assert.equal(typeof SikkerKey.create, 'function')
  assert.ok(new NotFoundError('x') instanceof ApiError)
  assert.ok(ConfigurationError.prototype instanceof Error)
})
