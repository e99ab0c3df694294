import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { DAY, setup } from './fixture.ts'
import type { Setup } from './fixture.ts'

describe('CapacityLease', () => {
  let s: Setup
  let payees: `0x${string}`[]
  const shares = [5n, 3n, 1n] // 9 shares: no amount below splits evenly
  const price = 1_000_003n // wei per unit per epoch
  before(async () => {
    s = await setup()
    payees = [s.alice, s.bob, s.carol].map(w => w.account.address)
    await s.lease.write.offer([10n, price, payees, shares], { account: s.alice.account })
  })

  const balances = async () => await Promise.all(payees.map(async p => await s.lease.read.balanceOf([p])))
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n)

  it('escrows units × price × epochs from the lessee and refuses more units than offered', async () => {
    await s.token.write.approve([s.lease.address, 10n ** 30n], { account: s.dave.account })
    await s.viem.assertions.revertWithCustomErrorWithArgs(
      s.lease.write.lease([0n, 11n, 1n], { account: s.dave.account }), s.lease, 'NotEnoughCapacity', [11n, 10n])
    const before = await s.token.read.balanceOf([s.dave.account.address])
    await s.lease.write.lease([0n, 3n, 7n], { account: s.dave.account })
    assert.equal(before - await s.token.read.balanceOf([s.dave.account.address]), 3n * price * 7n)
    assert.equal(await s.lease.read.escrowed(), 21_000_063n)
    await s.viem.assertions.revertWithCustomError(s.lease.write.lease([0n, 8n, 1n], { account: s.dave.account }), s.lease, 'NotEnoughCapacity')
  })

  it('streams to the payees by shares, every wei accounted at each settlement and at the end', async () => {
    const total = 21_000_063n
    await s.networkHelpers.time.increase(DAY + 13n)
    await s.lease.write.settle([0n], { account: s.stranger.account })
    const l = await s.lease.read.getLease([0n])
    assert.ok(l.settled > 0n && l.settled < total)
    assert.equal(sum(await balances()), l.settled)
    await s.networkHelpers.time.increase(2n * DAY + 7_777n)
    await s.lease.write.settle([0n])
    assert.equal(sum(await balances()), (await s.lease.read.getLease([0n])).settled)
    await s.networkHelpers.time.increase(30n * DAY)
    await s.lease.write.settle([0n])
    const final = await balances()
    assert.equal(sum(final), total)
    // each payee within one wei of its exact share
    final.forEach((b, i) => {
      const exact = (total * shares[i]) / 9n
      assert.ok(b === exact || b === exact + 1n, `payee ${i}: ${b} vs ${exact}`)
    })
    assert.equal(await s.lease.read.escrowed(), 0n)
    assert.equal((await s.lease.read.getOffer([0n])).unitsLeased, 0n, 'capacity released')
    await s.viem.assertions.revertWithCustomError(s.lease.write.settle([0n]), s.lease, 'LeaseClosed')
  })

  it('pays payees by pull and refunds the unvested rest on cancel: paid in = paid out, to the wei', async () => {
    const startBalances = await Promise.all([...payees, s.dave.account.address].map(async a => await s.token.read.balanceOf([a])))
    const credited = await balances()
    await s.lease.write.lease([0n, 7n, 3n], { account: s.dave.account }) // 21,000,063 again
    await s.networkHelpers.time.increase(DAY + 4_321n)
    await s.viem.assertions.revertWithCustomError(s.lease.write.cancel([1n], { account: s.alice.account }), s.lease, 'NotLessee')
    await s.lease.write.cancel([1n], { account: s.dave.account })
    for (const w of [s.alice, s.bob, s.carol]) await s.lease.write.withdraw({ account: w.account })
    await s.viem.assertions.revertWithCustomError(s.lease.write.withdraw({ account: s.alice.account }), s.lease, 'NothingToWithdraw')
    const endBalances = await Promise.all([...payees, s.dave.account.address].map(async a => await s.token.read.balanceOf([a])))
    const payeeGain = sum(endBalances.slice(0, 3).map((b, i) => b - startBalances[i]))
    const daveSpent = startBalances[3] - endBalances[3]
    assert.equal(payeeGain - sum(credited), daveSpent, 'what the lessee paid on the second lease is what its payees received')
    assert.ok(daveSpent > 0n && daveSpent < 21_000_063n)
    assert.equal(await s.token.read.balanceOf([s.lease.address]), 0n)
  })

  it('lets only the operator withdraw its offer; an inactive offer takes no lease', async () => {
    await s.viem.assertions.revertWithCustomError(s.lease.write.setOfferActive([0n, false], { account: s.bob.account }), s.lease, 'NotOperator')
    await s.lease.write.setOfferActive([0n, false], { account: s.alice.account })
    await s.viem.assertions.revertWithCustomError(s.lease.write.lease([0n, 1n, 1n], { account: s.dave.account }), s.lease, 'OfferInactive')
  })
})
