// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IMintable is IERC20 {
    function mint(address to, uint256 amount) external;
}

/// @title RewardDistributor
/// @notice Pays epoch rewards against a per-epoch Merkle root of (account, amount) built with
///         the OpenZeppelin merkle-tree library (StandardMerkleTree, ['address','uint256']; leaf =
///         keccak256(bytes.concat(keccak256(abi.encode(account, amount))))). PUBLISHER_ROLE (the
///         relay's key) publishes a root with the epoch total, which is minted into this contract
///         (it holds the token's MINTER_ROLE). Each account claims once per epoch, to itself,
///         within `claimWindow`; afterwards GOVERNANCE_ROLE sweeps what is left to the treasury.
///         Claims are recorded in one OpenZeppelin BitMap per epoch keyed by the account.
contract RewardDistributor is AccessControl {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");

    struct Epoch {
        bytes32 root;
        uint256 total;
        uint256 claimed;
        uint64 deadline;
        bool swept;
    }

    IMintable public immutable token;
    address public treasury;
    uint64 public claimWindow = 90 days;
    uint256 public maxEpochEmission = 10_000_000 ether;

    mapping(uint256 epoch => Epoch) private _epochs;
    mapping(uint256 epoch => BitMaps.BitMap) private _claimed;

    event RootPublished(uint256 indexed epoch, bytes32 root, uint256 total, uint64 deadline);
    event Claimed(uint256 indexed epoch, address indexed account, uint256 amount);
    event Swept(uint256 indexed epoch, uint256 amount, address treasury);
    event ParamsSet(uint64 claimWindow, uint256 maxEpochEmission, address treasury);

    error InvalidParameters();
    error EpochAlreadyPublished(uint256 epoch);
    error EmissionTooHigh(uint256 total, uint256 max);
    error UnknownEpoch(uint256 epoch);
    error ClaimWindowClosed(uint256 epoch, uint64 deadline);
    error ClaimWindowOpen(uint256 epoch, uint64 deadline);
    error AlreadyClaimed(uint256 epoch, address account);
    error InvalidProof();
    error EpochOverdrawn(uint256 epoch);
    error AlreadySwept(uint256 epoch);

    constructor(IMintable token_, address governance, address publisher, address treasury_) {
        if (governance == address(0) || treasury_ == address(0)) revert InvalidParameters();
        token = token_;
        treasury = treasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(GOVERNANCE_ROLE, governance);
        if (publisher != address(0)) _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @notice Publish the epoch's root and mint its `total` into this contract.
    function publishRoot(uint256 epoch, bytes32 root, uint256 total) external onlyRole(PUBLISHER_ROLE) {
        if (root == bytes32(0) || total == 0) revert InvalidParameters();
        Epoch storage e = _epochs[epoch];
        if (e.root != bytes32(0)) revert EpochAlreadyPublished(epoch);
        if (total > maxEpochEmission) revert EmissionTooHigh(total, maxEpochEmission);
        e.root = root;
        e.total = total;
        e.deadline = uint64(block.timestamp) + claimWindow;
        token.mint(address(this), total);
        emit RootPublished(epoch, root, total, e.deadline);
    }

    /// @notice Pay `amount` to `account` for `epoch` if the proof matches; anyone may submit it.
    function claim(uint256 epoch, address account, uint256 amount, bytes32[] calldata proof) external {
        Epoch storage e = _epochs[epoch];
        if (e.root == bytes32(0)) revert UnknownEpoch(epoch);
        if (block.timestamp > e.deadline) revert ClaimWindowClosed(epoch, e.deadline);
        BitMaps.BitMap storage claimed = _claimed[epoch];
        uint256 key = uint256(uint160(account));
        if (claimed.get(key)) revert AlreadyClaimed(epoch, account);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        if (!MerkleProof.verifyCalldata(proof, e.root, leaf)) revert InvalidProof();
        if (e.claimed + amount > e.total) revert EpochOverdrawn(epoch);
        claimed.set(key);
        e.claimed += amount;
        IERC20(address(token)).safeTransfer(account, amount);
        emit Claimed(epoch, account, amount);
    }

    function isClaimed(uint256 epoch, address account) external view returns (bool) {
        return _claimed[epoch].get(uint256(uint160(account)));
    }

    function epochInfo(uint256 epoch) external view returns (Epoch memory) {
        return _epochs[epoch];
    }

    /// @notice After the claim window, send the epoch's unclaimed rest to the treasury.
    function sweep(uint256 epoch) external onlyRole(GOVERNANCE_ROLE) {
        Epoch storage e = _epochs[epoch];
        if (e.root == bytes32(0)) revert UnknownEpoch(epoch);
        if (block.timestamp <= e.deadline) revert ClaimWindowOpen(epoch, e.deadline);
        if (e.swept) revert AlreadySwept(epoch);
        e.swept = true;
        uint256 rest = e.total - e.claimed;
        e.claimed = e.total;
        IERC20(address(token)).safeTransfer(treasury, rest);
        emit Swept(epoch, rest, treasury);
    }

    function setParams(uint64 claimWindow_, uint256 maxEpochEmission_, address treasury_) external onlyRole(GOVERNANCE_ROLE) {
        if (claimWindow_ < 1 days || treasury_ == address(0)) revert InvalidParameters();
        claimWindow = claimWindow_;
        maxEpochEmission = maxEpochEmission_;
        treasury = treasury_;
        emit ParamsSet(claimWindow_, maxEpochEmission_, treasury_);
    }
}
