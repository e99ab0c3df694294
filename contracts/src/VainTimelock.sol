// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title VainTimelock
/// @notice OpenZeppelin's TimelockController, unchanged; named here so Hardhat emits its artifact.
///         It holds every governance role of the other contracts; VainGovernor is its proposer.
contract VainTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
