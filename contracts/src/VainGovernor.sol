// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

interface IStakeHistory {
    function getPastStake(address account, uint256 timepoint) external view returns (uint256);
}

interface IReputationTiers {
    function tierAt(address node, uint256 timepoint) external view returns (uint8);
}

/// @title VainGovernor
/// @notice OpenZeppelin Governor (simple counting, quorum as a fraction of VAIN supply, proposals
///         executed through a TimelockController) whose voting weight is reputation-weighted:
///
///             weight(a, t) = (token.getPastVotes(a, t) + staking.getPastStake(a, t))
///                            * tierMultiplierBps[reputation.tierAt(a, t)] / 10,000
///
///         i.e. delegated VAIN votes plus the account's own staked VAIN, both at the proposal
///         snapshot t, scaled by the reputation tier the account had proven in the
///         ReputationRegistry at t. Default multipliers: tier 0 1x, 1 1.25x, 2 1.5x, 3 2x; they
///         can be changed only by governance. The quorum counts raw (unscaled) VAIN supply.
contract VainGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    uint256 public constant BPS = 10_000;

    IStakeHistory public immutable staking;
    IReputationTiers public immutable reputation;
    uint256[4] private _tierMultiplierBps = [uint256(10_000), 12_500, 15_000, 20_000];

    event TierMultipliersSet(uint256[4] multipliersBps);

    error InvalidMultipliers();

    constructor(
        IVotes token_,
        TimelockController timelock_,
        IStakeHistory staking_,
        IReputationTiers reputation_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent_
    )
        Governor("VainGovernor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumPercent_)
        GovernorTimelockControl(timelock_)
    {
        staking = staking_;
        reputation = reputation_;
    }

    function tierMultiplierBps(uint8 tier) external view returns (uint256) {
        return _tierMultiplierBps[tier];
    }

    /// @notice Set the four tier multipliers (bps, non-decreasing, tier 0 at least 1x). Governance only.
    function setTierMultipliers(uint256[4] calldata multipliersBps) external onlyGovernance {
        if (multipliersBps[0] < BPS) revert InvalidMultipliers();
        for (uint256 i = 1; i < 4; i++) if (multipliersBps[i] < multipliersBps[i - 1]) revert InvalidMultipliers();
        _tierMultiplierBps = multipliersBps;
        emit TierMultipliersSet(multipliersBps);
    }

    function _getVotes(address account, uint256 timepoint, bytes memory params)
        internal
        view
        override(Governor, GovernorVotes)
        returns (uint256)
    {
        uint256 base = super._getVotes(account, timepoint, params) + staking.getPastStake(account, timepoint);
        return (base * _tierMultiplierBps[reputation.tierAt(account, timepoint)]) / BPS;
    }

    // ---- required overrides (Solidity multiple inheritance) ----

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(timepoint);
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _queueOperations(uint256 proposalId, address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(Governor, GovernorTimelockControl)
        returns (uint48)
    {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(uint256 proposalId, address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(Governor, GovernorTimelockControl)
    {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(Governor, GovernorTimelockControl)
        returns (uint256)
    {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
