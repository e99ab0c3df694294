// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReputationRegistry} from "../../src/ReputationRegistry.sol";
import {Cheats} from "./Cheats.sol";

contract ReputationRegistryFuzzTest is Cheats {
    uint256 constant N = 5;

    /// For any quorum k of 5 oracles: k-1 signatures are refused, k are accepted.
    function testFuzz_oracleQuorum(uint256 k, bytes32 root, uint256 epoch) public {
        k = bound(k, 1, N);
        vm.assume(root != bytes32(0));
        uint256[] memory keys = new uint256[](N);
        address[] memory oracles = new address[](N);
        for (uint256 i = 0; i < N; i++) {
            keys[i] = 0xA11CE + i;
            oracles[i] = vm.addr(keys[i]);
        }
        // sort by address so signatures can be given in ascending signer order
        for (uint256 i = 0; i < N; i++) {
            for (uint256 j = i + 1; j < N; j++) {
                if (oracles[j] < oracles[i]) {
                    (oracles[i], oracles[j]) = (oracles[j], oracles[i]);
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                }
            }
        }
        ReputationRegistry registry = new ReputationRegistry(address(this), oracles, k);
        bytes32 digest = registry.epochRootDigest(epoch, root);
        bytes[] memory sigs = new bytes[](k);
        for (uint256 i = 0; i < k; i++) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            sigs[i] = abi.encodePacked(r, s, v);
        }
        bytes[] memory fewer = new bytes[](k - 1);
        for (uint256 i = 0; i + 1 < k; i++) fewer[i] = sigs[i];
        vm.expectRevert(abi.encodeWithSelector(ReputationRegistry.NotEnoughSignatures.selector, k - 1, k));
        registry.postRoot(epoch, root, fewer);
        registry.postRoot(epoch, root, sigs);
        if (registry.rootOf(epoch) != root) revert("root not stored");
    }
}
