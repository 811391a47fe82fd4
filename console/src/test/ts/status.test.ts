import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { alertVariant, budgetColour, healthColour, pressureColour, severityColour } from '../../main/ts/memory/status'

describe('colours', () => {
  it('healthIsGreenAmberRed', () => {
    assert.deepEqual(['UP', 'DEGRADED', 'DOWN'].map(s => alertVariant(healthColour(s as 'UP'))), ['success', 'warning', 'danger'])
  })
  it('severitiesAndLevelsGoFromGreenToRed', () => {
    assert.deepEqual((['NONE', 'INFO', 'WARNING', 'CRITICAL'] as const).map(severityColour), ['green', 'blue', 'orange', 'red'])
    assert.deepEqual((['NORMAL', 'ELEVATED', 'HIGH', 'CRITICAL'] as const).map(pressureColour), ['green', 'blue', 'orange', 'red'])
    assert.deepEqual((['NORMAL', 'WARNING', 'CRITICAL'] as const).map(budgetColour), ['green', 'orange', 'red'])
  })
  it('anUnknownValueIsGreyNotAnError', () => {
    assert.equal(healthColour(undefined), 'grey')
    assert.equal(budgetColour('SOMETHING_NEWER' as 'NORMAL'), 'grey')
    assert.equal(severityColour('toString' as 'NONE'), 'grey')
    assert.equal(alertVariant('grey'), 'custom')
  })
})
