import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import {
  UNKNOWN,
  ago,
  bytes,
  bytesPerMinute,
  bytesPerSecond,
  confidence,
  count,
  duration,
  javaClassName,
  millis,
  perMinute,
  percent,
  ratio,
  refusal,
  score,
  signedBytes,
  timeToExhaustion,
} from '../../main/ts/format'
import { ticks } from '../../main/ts/ticks'

const KB = 1024
const MB = 1024 * KB
const GB = 1024 * MB

describe('bytes', () => {
  it('showsSmallCountsAsWholeBytes', () => {
    assert.equal(bytes(0), '0 B')
    assert.equal(bytes(512), '512 B')
    assert.equal(bytes(1023), '1023 B')
  })
  it('usesBinaryUnitsWithThreeSignificantDigits', () => {
    assert.equal(bytes(1536), '1.5 KB')
    assert.equal(bytes(118 * MB), '118 MB')
    assert.equal(bytes(12.34 * MB), '12.3 MB')
    assert.equal(bytes(1.234 * MB), '1.23 MB')
    assert.equal(bytes(GB), '1 GB')
    assert.equal(bytes(4 * GB), '4 GB')
    assert.equal(bytes(1.5 * 1024 * GB), '1.5 TB')
  })
  it('carriesAValueThatRoundsTo1024IntoTheNextUnit', () => {
    assert.equal(bytes(1023.9 * KB), '1 MB')
    assert.equal(bytes(1024 * MB - 1), '1 GB')
  })
  it('readsMinusOneNaNAndNullAsUnknown', () => {
    assert.equal(bytes(-1), UNKNOWN)
    assert.equal(bytes(NaN), UNKNOWN)
    assert.equal(bytes(null), UNKNOWN)
    assert.equal(bytes(undefined), UNKNOWN)
    assert.equal(bytes('12'), UNKNOWN)
  })
  it('signsDeltas', () => {
    assert.equal(signedBytes(12 * MB), '+12 MB')
    assert.equal(signedBytes(-3.5 * KB), '-3.5 KB')
    assert.equal(signedBytes(0), '0 B')
  })
})

describe('rates', () => {
  it('showsBytesPerSecondAndPerMinute', () => {
    assert.equal(bytesPerSecond(35.2 * MB), '35.2 MB/s')
    // the example: 18937155.519066192 bytes/min
    assert.equal(bytesPerMinute(18937155.519066192), '18.1 MB/min')
    assert.equal(bytesPerMinute(0), 'not growing')
    assert.equal(bytesPerSecond(-1), UNKNOWN)
  })
  it('showsCountsPerMinute', () => {
    assert.equal(perMinute(120), '120/min')
    assert.equal(perMinute(1.5), '1.5/min')
  })
  it('groupsThousands', () => {
    assert.equal(count(12345), '12,345')
    assert.equal(count(-1), UNKNOWN)
  })
})

describe('percentages', () => {
  it('showsOneDecimalAndKeepsSmallValuesVisible', () => {
    assert.equal(percent(12.345), '12.3%')
    assert.equal(percent(100), '100%')
    assert.equal(percent(0), '0%')
    assert.equal(percent(0.42), '0.42%')
    assert.equal(percent(-1), UNKNOWN)
  })
  it('turnsRatiosAndConfidencesIntoPercent', () => {
    assert.equal(ratio(0.953), '95.3%')
    assert.equal(ratio(-1), UNKNOWN)
    assert.equal(confidence(0.987), '99%')
    assert.equal(score(72), '72 / 100')
  })
})

describe('durations', () => {
  it('usesTheTwoLargestUnits', () => {
    assert.equal(duration(45), '45 s')
    assert.equal(duration(12 * 60), '12 min')
    assert.equal(duration(12 * 60 + 5), '12 min 5 s')
    // the example: 19888 seconds
    assert.equal(duration(19888), '5 h 31 min')
    assert.equal(duration(3 * 3600 + 20 * 60), '3 h 20 min')
    assert.equal(duration(3 * 3600 + 5), '3 h')
    assert.equal(duration(2 * 86400 + 4 * 3600 + 59), '2 d 4 h')
  })
  it('saysWhenTheHeapRunsOut', () => {
    assert.equal(timeToExhaustion(3 * 3600 + 20 * 60), 'in 3 h 20 min')
    assert.equal(timeToExhaustion(-1), 'not growing')
    assert.equal(timeToExhaustion(0), 'now')
  })
  it('showsMillisecondsUpToAMinute', () => {
    assert.equal(millis(0.4), '0.4 ms')
    assert.equal(millis(12), '12 ms')
    assert.equal(millis(1234), '1.2 s')
    assert.equal(millis(185_000), '3 min 5 s')
  })
  it('saysHowLongAgo', () => {
    const now = 1_000_000_000
    assert.equal(ago(now - 12_000, now), '12 s ago')
    assert.equal(ago(now - 180_000, now), '3 min ago')
    assert.equal(ago(now, now), 'just now')
    assert.equal(ago(0, now), 'never')
    assert.equal(ago(-1, now), 'never')
  })
})

describe('javaClassName', () => {
  it('writesArrayDescriptorsAsJavaSource', () => {
    assert.equal(javaClassName('[B'), 'byte[]')
    assert.equal(javaClassName('[[I'), 'int[][]')
    assert.equal(javaClassName('[Ljava.lang.String;'), 'java.lang.String[]')
    assert.equal(javaClassName('[[Ljava.util.HashMap$Node;'), 'java.util.HashMap$Node[][]')
  })
  it('leavesSourceNamesAlone', () => {
    assert.equal(javaClassName('java.util.HashMap$Node'), 'java.util.HashMap$Node')
    assert.equal(javaClassName('byte[]'), 'byte[]')
    assert.equal(javaClassName('[Q'), '[Q')
  })
})

describe('refusal', () => {
  it('dropsTheExceptionClassInFrontOfTheMessage', () => {
    assert.equal(
      refusal('java.util.concurrent.RejectedExecutionException : forceGc ran 3 s ago; wait 57 s'),
      'forceGc ran 3 s ago; wait 57 s',
    )
    assert.equal(refusal('IllegalArgumentException: maxSize must be > 0, was 0'), 'maxSize must be > 0, was 0')
  })
  it('keepsPolicyMessagesAsTheyAre', () => {
    assert.equal(
      refusal({ error: 'Operation gc() forbidden for MBean java.lang:type=Memory', status: 403 }),
      'Operation gc() forbidden for MBean java.lang:type=Memory',
    )
  })
  it('neverShowsNothing', () => {
    assert.equal(refusal(null), 'the request failed without a message')
    assert.equal(refusal(''), 'the request failed without a message')
  })
})

describe('ticks', () => {
  it('stepsByteAxesInBinaryUnits', () => {
    assert.deepEqual(ticks(0, 900 * MB, 4, 'bytes'), [0, 256 * MB, 512 * MB, 768 * MB, 1024 * MB])
  })
  it('stepsOtherAxesInOneTwoFive', () => {
    assert.deepEqual(ticks(0, 37, 4, 'decimal'), [0, 10, 20, 30, 40])
    assert.deepEqual(ticks(0, 0.8, 4, 'decimal'), [0, 0.2, 0.4, 0.6, 0.8])
  })
  it('startsAtZeroAndCoversTheMaximum', () => {
    const t = ticks(5, 100, 5, 'decimal')
    assert.equal(t[0], 0)
    assert.ok(t[t.length - 1] >= 100)
  })
  it('copesWithAFlatOrEmptySeries', () => {
    assert.deepEqual(ticks(0, 0, 4, 'decimal'), [0, 0.5, 1])
    assert.ok(ticks(NaN, NaN, 4, 'bytes').length >= 2)
  })
})
