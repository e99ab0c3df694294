// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title ReputationRegistry
/// @notice Per-epoch Merkle roots of (node, score, tier), posted with EIP-712 signatures of at
///         least `threshold` distinct relay oracle keys (k of n), checked on chain. Leaves are the
///         the OpenZeppelin merkle-tree library StandardMerkleTree encoding of ['address','uint256','uint8']:
///         keccak256(bytes.concat(keccak256(abi.encode(node, score, tier)))).
///         Anyone can prove a node's score against a posted root (`verify`), and record the proven
///         tier (`prove`), which is checkpointed by timestamp for governance (`tierAt`).
contract ReputationRegistry is AccessControl, EIP712 {
    using Checkpoints for Checkpoints.Trace208;

    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    bytes32 public constant EPOCH_ROOT_TYPEHASH = keccak256("EpochRoot(uint256 epoch,bytes32 root)");
    uint8 public constant MAX_TIER = 3;

    address[] private _oracles;
    mapping(address oracle => bool) public isOracle;
    uint256 public threshold;

    mapping(uint256 epoch => bytes32) public rootOf;
    mapping(uint256 epoch => uint64) public postedAt;
    uint256 public latestEpoch;
    /// @notice How long after its root is posted an epoch's scores may still be proven (`prove`).
    uint64 public proofWindow = 30 days;
    mapping(address node => uint256) public provenEpochOf;
    mapping(address node => uint256) public provenScoreOf;
    mapping(address node => Checkpoints.Trace208) private _tierHistory;

    event OraclesSet(address[] oracles, uint256 threshold);
    event ProofWindowSet(uint64 proofWindow);
    event RootPosted(uint256 indexed epoch, bytes32 root);
    event ReputationProven(address indexed node, uint256 indexed epoch, uint256 score, uint8 tier);

    error InvalidParameters();
    error RootAlreadyPosted(uint256 epoch);
    error ZeroRoot();
    error NotEnoughSignatures(uint256 valid, uint256 threshold);
    error SignersNotAscending();
    error NotAnOracle(address signer);
    error UnknownEpoch(uint256 epoch);
    error InvalidProof();
    error StaleEpoch(uint256 epoch, uint256 provenEpoch);
    error InvalidTier(uint8 tier);
    error ProofWindowClosed(uint256 epoch);

    constructor(address governance, address[] memory oracles_, uint256 threshold_) EIP712("vAIn ReputationRegistry", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(GOVERNANCE_ROLE, governance);
        _setOracles(oracles_, threshold_);
    }

    /// @notice Post the root for `epoch`. `signatures` are EIP-712 signatures over
    ///         EpochRoot(epoch, root), ordered by strictly ascending signer address (no duplicates).
    function postRoot(uint256 epoch, bytes32 root, bytes[] calldata signatures) external {
        if (root == bytes32(0)) revert ZeroRoot();
        if (rootOf[epoch] != bytes32(0)) revert RootAlreadyPosted(epoch);
        bytes32 digest = epochRootDigest(epoch, root);
        address last = address(0);
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = ECDSA.recover(digest, signatures[i]);
            if (signer <= last) revert SignersNotAscending();
            if (!isOracle[signer]) revert NotAnOracle(signer);
            last = signer;
        }
        if (signatures.length < threshold) revert NotEnoughSignatures(signatures.length, threshold);
        rootOf[epoch] = root;
        postedAt[epoch] = uint64(block.timestamp);
        if (epoch > latestEpoch) latestEpoch = epoch;
        emit RootPosted(epoch, root);
    }

    /// @notice The EIP-712 digest the oracles sign for (epoch, root).
    function epochRootDigest(uint256 epoch, bytes32 root) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(EPOCH_ROOT_TYPEHASH, epoch, root)));
    }

    /// @notice True when (node, score, tier) is a leaf of the epoch's posted root.
    function verify(uint256 epoch, address node, uint256 score, uint8 tier, bytes32[] calldata proof)
        public
        view
        returns (bool)
    {
        bytes32 root = rootOf[epoch];
        if (root == bytes32(0)) return false;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(node, score, tier))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @notice Record a node's proven score and tier from an epoch newer than the one last proven,
    ///         within `proofWindow` of that epoch's root. Anyone may call it (the proof is what
    ///         counts), so relays can also record a node's newer, lower tier.
    function prove(uint256 epoch, address node, uint256 score, uint8 tier, bytes32[] calldata proof) external {
        if (rootOf[epoch] == bytes32(0)) revert UnknownEpoch(epoch);
        if (block.timestamp > postedAt[epoch] + proofWindow) revert ProofWindowClosed(epoch);
        if (tier > MAX_TIER) revert InvalidTier(tier);
        if (epoch <= provenEpochOf[node] && _tierHistory[node].length() > 0) revert StaleEpoch(epoch, provenEpochOf[node]);
        if (!verify(epoch, node, score, tier, proof)) revert InvalidProof();
        provenEpochOf[node] = epoch;
        provenScoreOf[node] = score;
        _tierHistory[node].push(SafeCast.toUint48(block.timestamp), tier);
        emit ReputationProven(node, epoch, score, tier);
    }

    /// @notice The node's proven reputation tier now (0 when never proven).
    function tierOf(address node) external view returns (uint8) {
        return uint8(_tierHistory[node].latest());
    }

    /// @notice The node's proven reputation tier at a past timestamp.
    function tierAt(address node, uint256 timepoint) external view returns (uint8) {
        return uint8(_tierHistory[node].upperLookupRecent(SafeCast.toUint48(timepoint)));
    }

    function oracles() external view returns (address[] memory) {
        return _oracles;
    }

    /// @notice Replace the oracle set and the threshold k (1 <= k <= n).
    function setOracles(address[] calldata oracles_, uint256 threshold_) external onlyRole(GOVERNANCE_ROLE) {
        _setOracles(oracles_, threshold_);
    }

    function setProofWindow(uint64 proofWindow_) external onlyRole(GOVERNANCE_ROLE) {
        if (proofWindow_ == 0) revert InvalidParameters();
        proofWindow = proofWindow_;
        emit ProofWindowSet(proofWindow_);
    }

    function _setOracles(address[] memory oracles_, uint256 threshold_) private {
        if (threshold_ == 0 || threshold_ > oracles_.length) revert InvalidParameters();
        for (uint256 i = 0; i < _oracles.length; i++) isOracle[_oracles[i]] = false;
        delete _oracles;
        for (uint256 i = 0; i < oracles_.length; i++) {
            address o = oracles_[i];
            if (o == address(0) || isOracle[o]) revert InvalidParameters();
            isOracle[o] = true;
            _oracles.push(o);
        }
        threshold = threshold_;
        emit OraclesSet(oracles_, threshold_);
    }
}
