// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Staking
/// @notice Nodes stake VAIN with a chosen lock (at least `minLock`, 30 days by default) to reach a
///         tier: 1 entry (>= 10,000 VAIN), 2 validator (>= 100,000), 3 supernode (>= 1,000,000).
///         A lock of at least `halfYearLock` earns a +20 % bonus multiplier, at least `fullYearLock`
///         +50 % (in basis points: 12,000 / 15,000; 10,000 = 1x), for as long as the lock runs.
///         After the lock, `unstake` starts unbonding; `withdraw` pays out once unbonding ends.
///         SLASHER_ROLE (governance) can slash staked and unbonding funds, citing an evidence hash;
///         slashed funds go to the treasury. Every parameter is set only by GOVERNANCE_ROLE.
///         The staked amount is checkpointed by timestamp so governance can count it as votes.
contract Staking is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace208;

    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    uint16 public constant BPS = 10_000;
    uint64 public constant MAX_LOCK = 4 * 365 days;

    struct Position {
        uint256 staked;
        uint256 unbonding;
        uint64 lockEnd;
        uint64 lockDuration;
        uint64 unbondingEnd;
    }

    IERC20 public immutable token;
    address public treasury;

    uint256 public entryThreshold = 10_000 ether;
    uint256 public validatorThreshold = 100_000 ether;
    uint256 public supernodeThreshold = 1_000_000 ether;
    uint64 public minLock = 30 days;
    uint64 public unbondingPeriod = 7 days;
    uint64 public halfYearLock = 180 days;
    uint64 public fullYearLock = 365 days;
    uint16 public halfYearBonusBps = 12_000;
    uint16 public fullYearBonusBps = 15_000;

    uint256 public totalStaked;
    mapping(address account => Position) private _positions;
    mapping(address account => Checkpoints.Trace208) private _stakeHistory;

    event Staked(address indexed account, uint256 amount, uint64 lockEnd, uint64 lockDuration);
    event Unstaked(address indexed account, uint256 amount, uint64 unbondingEnd);
    event Withdrawn(address indexed account, uint256 amount);
    event Slashed(address indexed account, uint256 amount, bytes32 indexed evidence);
    event TierThresholdsSet(uint256 entry, uint256 validator, uint256 supernode);
    event LockParamsSet(uint64 minLock, uint64 unbondingPeriod);
    event LockBonusSet(uint64 halfYearLock, uint16 halfYearBonusBps, uint64 fullYearLock, uint16 fullYearBonusBps);
    event TreasurySet(address treasury);

    error ZeroAmount();
    error LockTooShort(uint64 lockDuration, uint64 minLock);
    error LockTooLong(uint64 lockDuration, uint64 maxLock);
    error LockActive(uint64 lockEnd);
    error InsufficientStake(uint256 requested, uint256 staked);
    error NothingToWithdraw();
    error StillUnbonding(uint64 unbondingEnd);
    error InvalidParameters();

    constructor(IERC20 token_, address governance, address treasury_) {
        if (governance == address(0) || treasury_ == address(0)) revert InvalidParameters();
        token = token_;
        treasury = treasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(GOVERNANCE_ROLE, governance);
        _grantRole(SLASHER_ROLE, governance);
    }

    // ---------------------------------------------------------------- staker actions

    /// @notice Stake `amount` locked for `lockDuration` seconds from now. Adding to a position locks
    ///         all of it until the later of the two lock ends, and the bonus then follows the lock
    ///         remaining at this deposit (`lockEnd - now`), so a short top-up near the end of a long
    ///         lock cannot borrow the long lock's bonus for new funds.
    function stake(uint256 amount, uint64 lockDuration) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (lockDuration < minLock) revert LockTooShort(lockDuration, minLock);
        if (lockDuration > MAX_LOCK) revert LockTooLong(lockDuration, MAX_LOCK);
        Position storage p = _positions[msg.sender];
        uint64 end = uint64(block.timestamp) + lockDuration;
        if (end > p.lockEnd) p.lockEnd = end;
        p.lockDuration = p.lockEnd - uint64(block.timestamp);
        p.staked += amount;
        totalStaked += amount;
        _checkpoint(msg.sender, p.staked);
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Staked(msg.sender, amount, p.lockEnd, p.lockDuration);
    }

    /// @notice Start unbonding `amount` once the lock has ended.
    function unstake(uint256 amount) external {
        Position storage p = _positions[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (block.timestamp < p.lockEnd) revert LockActive(p.lockEnd);
        if (amount > p.staked) revert InsufficientStake(amount, p.staked);
        p.staked -= amount;
        p.unbonding += amount;
        p.unbondingEnd = uint64(block.timestamp) + unbondingPeriod;
        totalStaked -= amount;
        _checkpoint(msg.sender, p.staked);
        emit Unstaked(msg.sender, amount, p.unbondingEnd);
    }

    /// @notice Withdraw everything whose unbonding period is over.
    function withdraw() external nonReentrant {
        Position storage p = _positions[msg.sender];
        uint256 amount = p.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < p.unbondingEnd) revert StillUnbonding(p.unbondingEnd);
        p.unbonding = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    function positionOf(address account) external view returns (Position memory) {
        return _positions[account];
    }

    function stakeOf(address account) external view returns (uint256) {
        return _positions[account].staked;
    }

    /// @notice 0 none, 1 entry, 2 validator, 3 supernode, by the amount currently staked.
    function tierOf(address account) public view returns (uint8) {
        uint256 s = _positions[account].staked;
        if (s >= supernodeThreshold) return 3;
        if (s >= validatorThreshold) return 2;
        if (s >= entryThreshold) return 1;
        return 0;
    }

    /// @notice The lockup bonus multiplier in basis points for a lock of `lockDuration` seconds.
    function bonusBpsFor(uint64 lockDuration) public view returns (uint16) {
        if (lockDuration >= fullYearLock) return fullYearBonusBps;
        if (lockDuration >= halfYearLock) return halfYearBonusBps;
        return BPS;
    }

    /// @notice The account's current lockup multiplier (bps); 1x once its lock has ended.
    function lockBonusBps(address account) public view returns (uint16) {
        Position storage p = _positions[account];
        if (p.staked == 0 || block.timestamp >= p.lockEnd) return BPS;
        return bonusBpsFor(p.lockDuration);
    }

    /// @notice Stake weighted by the lockup bonus: staked * lockBonusBps / 10,000 (rounded down).
    function weightedStakeOf(address account) external view returns (uint256) {
        return (_positions[account].staked * lockBonusBps(account)) / BPS;
    }

    /// @notice Staked amount at a past timestamp (for governance votes).
    function getPastStake(address account, uint256 timepoint) external view returns (uint256) {
        return _stakeHistory[account].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    // ---------------------------------------------------------------- governance

    /// @notice Slash up to `amount` from the account (staked first, then unbonding) to the treasury.
    function slash(address account, uint256 amount, bytes32 evidence) external onlyRole(SLASHER_ROLE) nonReentrant {
        Position storage p = _positions[account];
        if (amount == 0) revert ZeroAmount();
        uint256 available = p.staked + p.unbonding;
        if (amount > available) revert InsufficientStake(amount, available);
        uint256 fromStake = amount <= p.staked ? amount : p.staked;
        p.staked -= fromStake;
        p.unbonding -= amount - fromStake;
        totalStaked -= fromStake;
        _checkpoint(account, p.staked);
        token.safeTransfer(treasury, amount);
        emit Slashed(account, amount, evidence);
    }

    function setTierThresholds(uint256 entry, uint256 validator, uint256 supernode) external onlyRole(GOVERNANCE_ROLE) {
        if (entry == 0 || validator <= entry || supernode <= validator) revert InvalidParameters();
        entryThreshold = entry;
        validatorThreshold = validator;
        supernodeThreshold = supernode;
        emit TierThresholdsSet(entry, validator, supernode);
    }

    function setLockParams(uint64 minLock_, uint64 unbondingPeriod_) external onlyRole(GOVERNANCE_ROLE) {
        if (minLock_ == 0 || minLock_ > MAX_LOCK || unbondingPeriod_ > MAX_LOCK) revert InvalidParameters();
        minLock = minLock_;
        unbondingPeriod = unbondingPeriod_;
        emit LockParamsSet(minLock_, unbondingPeriod_);
    }

    function setLockBonus(uint64 halfYearLock_, uint16 halfYearBps_, uint64 fullYearLock_, uint16 fullYearBps_)
        external
        onlyRole(GOVERNANCE_ROLE)
    {
        if (halfYearLock_ >= fullYearLock_ || halfYearBps_ < BPS || fullYearBps_ < halfYearBps_) revert InvalidParameters();
        halfYearLock = halfYearLock_;
        fullYearLock = fullYearLock_;
        halfYearBonusBps = halfYearBps_;
        fullYearBonusBps = fullYearBps_;
        emit LockBonusSet(halfYearLock_, halfYearBps_, fullYearLock_, fullYearBps_);
    }

    function setTreasury(address treasury_) external onlyRole(GOVERNANCE_ROLE) {
        if (treasury_ == address(0)) revert InvalidParameters();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _checkpoint(address account, uint256 staked) private {
        _stakeHistory[account].push(SafeCast.toUint48(block.timestamp), SafeCast.toUint208(staked));
    }
}
