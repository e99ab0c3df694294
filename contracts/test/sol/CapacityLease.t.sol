// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {VainToken} from "../../src/VainToken.sol";
import {CapacityLease} from "../../src/CapacityLease.sol";
import {Cheats} from "./Cheats.sol";

contract CapacityLeaseFuzzTest is Cheats {
    VainToken token;
    CapacityLease market;
    address[] payees;

    function setUp() public {
        token = new VainToken(address(this), type(uint208).max);
        token.grantRole(token.MINTER_ROLE(), address(this));
        market = new CapacityLease(token, 1 days);
        payees.push(address(0xA1));
        payees.push(address(0xB2));
        payees.push(address(0xC3));
        vm.warp(1_800_000_000);
    }

    function _credited() internal view returns (uint256 s) {
        for (uint256 i = 0; i < payees.length; i++) s += market.balanceOf(payees[i]);
    }

    /// Whatever the shares, price, units, epochs and settlement times, the lessee's payment is
    /// split with no wei lost: credited + refunded == paid, and the contract holds exactly what it owes.
    function testFuzz_everyWeiAccounted(
        uint256[3] memory rawShares, uint256 price, uint256 units, uint256 epochs, uint256 t1, uint256 t2, bool cancelIt
    ) public {
        uint256[] memory shares = new uint256[](3);
        for (uint256 i = 0; i < 3; i++) shares[i] = bound(rawShares[i], 1, 1e30);
        price = bound(price, 1, 1e30);
        units = bound(units, 1, 1_000);
        epochs = bound(epochs, 1, 3_650);
        uint256 total = units * price * epochs;
        token.mint(address(this), total);
        token.approve(address(market), total);
        uint256 offerId = market.offer(uint128(1_000), price, payees, shares);
        uint256 leaseId = market.lease(offerId, uint128(units), uint64(epochs));

        t1 = bound(t1, 0, epochs * 1 days * 2);
        vm.warp(block.timestamp + t1);
        if (t1 < epochs * 1 days) market.settle(leaseId);
        eq(token.balanceOf(address(market)), _credited() + market.escrowed(), "holdings after settle 1");
        t2 = bound(t2, 0, epochs * 1 days);
        vm.warp(block.timestamp + t2);

        uint256 refunded;
        if (cancelIt && !market.getLease(leaseId).closed) {
            uint256 before = token.balanceOf(address(this));
            market.cancel(leaseId);
            refunded = token.balanceOf(address(this)) - before;
        } else if (!market.getLease(leaseId).closed) {
            vm.warp(block.timestamp + epochs * 1 days);
            market.settle(leaseId);
        }
        eq(_credited() + refunded, total, "credited + refunded == paid");
        eq(market.escrowed(), 0, "escrow empty");
        eq(token.balanceOf(address(market)), _credited(), "holds exactly the payees' balances");
        eq(market.getOffer(offerId).unitsLeased, 0, "capacity released");

        // each payee got its exact share of what vested, rounded down, bar the last which takes the rest
        uint256 vested = total - refunded;
        uint256 t = shares[0] + shares[1] + shares[2];
        uint256 a = vested * shares[0] / t;
        uint256 ab = vested * (shares[0] + shares[1]) / t;
        eq(market.balanceOf(payees[0]), a, "payee 0");
        eq(market.balanceOf(payees[1]), ab - a, "payee 1");
        eq(market.balanceOf(payees[2]), vested - ab, "payee 2");
    }
}
