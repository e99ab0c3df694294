// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {VainToken} from "../../src/VainToken.sol";
import {Staking} from "../../src/Staking.sol";
import {Cheats} from "./Cheats.sol";

contract StakingFuzzTest is Cheats {
    VainToken token;
    Staking staking;
    address constant TREASURY = address(0x7EA5);
    uint256 constant VAIN = 1e18;

    function setUp() public {
        token = new VainToken(address(this), 1e9 * VAIN);
        token.grantRole(token.MINTER_ROLE(), address(this));
        token.mint(address(this), 10_000_000 * VAIN);
        staking = new Staking(token, address(this), TREASURY);
        token.approve(address(staking), type(uint256).max);
        vm.warp(1_800_000_000);
    }

    function test_tierBoundariesToTheWei() public {
        staking.stake(10_000 * VAIN - 1, 30 days);
        eq(staking.tierOf(address(this)), 0, "just below entry");
        staking.stake(1, 30 days);
        eq(staking.tierOf(address(this)), 1, "entry");
        staking.stake(90_000 * VAIN - 1, 30 days);
        eq(staking.tierOf(address(this)), 1, "just below validator");
        staking.stake(1, 30 days);
        eq(staking.tierOf(address(this)), 2, "validator");
        staking.stake(900_000 * VAIN - 1, 30 days);
        eq(staking.tierOf(address(this)), 2, "just below supernode");
        staking.stake(1, 30 days);
        eq(staking.tierOf(address(this)), 3, "supernode");
    }

    function testFuzz_tierFollowsThresholds(uint256 amount) public {
        amount = bound(amount, 1, 3_000_000 * VAIN);
        staking.stake(amount, 30 days);
        uint8 expected = amount >= 1_000_000 * VAIN ? 3 : amount >= 100_000 * VAIN ? 2 : amount >= 10_000 * VAIN ? 1 : 0;
        eq(staking.tierOf(address(this)), expected, "tier");
    }

    function testFuzz_unstakeBeforeLockEndReverts(uint256 lock, uint256 wait) public {
        lock = bound(lock, 30 days, 4 * 365 days);
        wait = bound(wait, 0, lock - 1);
        staking.stake(20_000 * VAIN, uint64(lock));
        uint64 lockEnd = uint64(block.timestamp + lock);
        vm.warp(block.timestamp + wait);
        vm.expectRevert(abi.encodeWithSelector(Staking.LockActive.selector, lockEnd));
        staking.unstake(1);
    }

    function testFuzz_lockShorterThan30DaysReverts(uint256 lock) public {
        lock = bound(lock, 0, 30 days - 1);
        vm.expectRevert(abi.encodeWithSelector(Staking.LockTooShort.selector, uint64(lock), uint64(30 days)));
        staking.stake(1, uint64(lock));
    }

    function testFuzz_lockBonusMaths(uint256 amount, uint256 lock) public {
        amount = bound(amount, 1, 5_000_000 * VAIN);
        lock = bound(lock, 30 days, 4 * 365 days);
        staking.stake(amount, uint64(lock));
        uint256 bps = lock >= 365 days ? 15_000 : lock >= 180 days ? 12_000 : 10_000;
        eq(staking.lockBonusBps(address(this)), bps, "bonus bps");
        eq(staking.weightedStakeOf(address(this)), amount * bps / 10_000, "weighted stake");
        vm.warp(block.timestamp + lock);
        eq(staking.lockBonusBps(address(this)), 10_000, "no bonus once the lock is over");
    }

    /// A short top-up late in a long lock cannot borrow the long lock's bonus: the bonus follows
    /// the lock remaining at the latest deposit.
    function testFuzz_topUpBonusFollowsRemainingLock(uint256 elapsed, uint256 topUpLock) public {
        elapsed = bound(elapsed, 0, 365 days - 1);
        topUpLock = bound(topUpLock, 30 days, 4 * 365 days);
        staking.stake(100 * VAIN, 365 days);
        uint256 end = block.timestamp + 365 days;
        vm.warp(block.timestamp + elapsed);
        staking.stake(1_000_000 * VAIN, uint64(topUpLock));
        uint256 newEnd = block.timestamp + topUpLock > end ? block.timestamp + topUpLock : end;
        uint256 remaining = newEnd - block.timestamp;
        uint256 bps = remaining >= 365 days ? 15_000 : remaining >= 180 days ? 12_000 : 10_000;
        eq(staking.positionOf(address(this)).lockEnd, newEnd, "lock end");
        eq(staking.lockBonusBps(address(this)), bps, "bonus");
    }

    function testFuzz_unbondingThenWithdraw(uint256 amount, uint256 part, uint256 early) public {
        amount = bound(amount, 1, 1_000_000 * VAIN);
        part = bound(part, 1, amount);
        early = bound(early, 0, 7 days - 1);
        staking.stake(amount, 30 days);
        vm.warp(block.timestamp + 30 days);
        staking.unstake(part);
        eq(staking.stakeOf(address(this)), amount - part, "stake after unstake");
        uint64 end = uint64(block.timestamp + 7 days);
        vm.warp(block.timestamp + early);
        vm.expectRevert(abi.encodeWithSelector(Staking.StillUnbonding.selector, end));
        staking.withdraw();
        vm.warp(end);
        uint256 before = token.balanceOf(address(this));
        staking.withdraw();
        eq(token.balanceOf(address(this)) - before, part, "withdrawn");
    }

    function testFuzz_slashOnlyBySlasherRole(address caller) public {
        vm.assume(caller != address(this));
        staking.stake(20_000 * VAIN, 30 days);
        bytes32 slasherRole = staking.SLASHER_ROLE();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, slasherRole));
        staking.slash(address(this), 1, bytes32(0));
    }

    function testFuzz_slashConservesTokens(uint256 amount, uint256 part, uint256 cut) public {
        amount = bound(amount, 1, 1_000_000 * VAIN);
        part = bound(part, 0, amount);
        staking.stake(amount, 30 days);
        if (part > 0) {
            vm.warp(block.timestamp + 30 days);
            staking.unstake(part);
        }
        cut = bound(cut, 1, amount);
        staking.slash(address(this), cut, keccak256("evidence"));
        Staking.Position memory p = staking.positionOf(address(this));
        eq(p.staked + p.unbonding, amount - cut, "left after slash");
        eq(token.balanceOf(TREASURY), cut, "treasury");
        eq(token.balanceOf(address(staking)), p.staked + p.unbonding, "staking holds exactly what it owes");
        eq(staking.totalStaked(), p.staked, "totalStaked");
    }
}
