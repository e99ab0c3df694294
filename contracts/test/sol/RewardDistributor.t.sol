// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {VainToken} from "../../src/VainToken.sol";
import {RewardDistributor, IMintable} from "../../src/RewardDistributor.sol";
import {Cheats} from "./Cheats.sol";

contract RewardDistributorFuzzTest is Cheats {
    VainToken token;
    RewardDistributor distributor;
    address constant TREASURY = address(0x7EA5);

    function setUp() public {
        token = new VainToken(address(this), 1e27);
        distributor = new RewardDistributor(IMintable(address(token)), address(this), address(this), TREASURY);
        token.grantRole(token.MINTER_ROLE(), address(distributor));
        vm.warp(1_800_000_000);
    }

    function _leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    // A two-leaf epoch (the layout the OpenZeppelin merkle-tree library produces); returns alice's proof.
    function _publish(uint256 epoch, address alice, uint256 a, address bob, uint256 b) internal returns (bytes32[] memory proof) {
        bytes32 la = _leaf(alice, a);
        bytes32 lb = _leaf(bob, b);
        distributor.publishRoot(epoch, _pair(la, lb), a + b);
        proof = new bytes32[](1);
        proof[0] = lb;
    }

    function testFuzz_claimPaysExactlyOnceAndOnlyTheLeafAmount(address alice, uint256 amount, uint256 wrong) public {
        vm.assume(alice != address(0) && alice != address(distributor) && alice != address(0xB0B));
        amount = bound(amount, 1, 1e24);
        vm.assume(wrong != amount);
        bytes32[] memory proof = _publish(7, alice, amount, address(0xB0B), 5);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.InvalidProof.selector));
        distributor.claim(7, alice, wrong, proof);
        distributor.claim(7, alice, amount, proof);
        eq(token.balanceOf(alice), amount, "paid");
        if (!distributor.isClaimed(7, alice)) revert("not marked claimed");
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.AlreadyClaimed.selector, 7, alice));
        distributor.claim(7, alice, amount, proof);
    }

    function testFuzz_noClaimAfterTheWindow(uint256 late) public {
        late = bound(late, 1, 10 * 365 days);
        bytes32[] memory proof = _publish(1, address(0xA11CE), 100, address(0xB0B), 5);
        uint64 deadline = distributor.epochInfo(1).deadline;
        vm.warp(uint256(deadline) + late);
        vm.expectRevert(abi.encodeWithSelector(RewardDistributor.ClaimWindowClosed.selector, 1, deadline));
        distributor.claim(1, address(0xA11CE), 100, proof);
        distributor.sweep(1);
        eq(token.balanceOf(TREASURY), 105, "swept to treasury");
    }

    function testFuzz_publishOnlyByPublisher(address caller) public {
        vm.assume(caller != address(this));
        bytes32 publisherRole = distributor.PUBLISHER_ROLE();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, publisherRole));
        distributor.publishRoot(1, bytes32(uint256(1)), 1);
    }
}
