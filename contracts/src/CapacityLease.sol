// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title CapacityLease
/// @notice An operator offers capacity (units at a VAIN price per unit per epoch) and names its
///         payees (itself and its delegators) with fixed shares. A lessee pays the whole lease into
///         escrow up front; the escrow vests linearly per second over the lease and `settle` credits
///         what has vested to the payees by shares. Payees pull their balance with `withdraw`; the
///         lessee may `cancel` and gets the unvested rest back.
///
///         No dust is lost: a payee i is always credited
///             floor(vested * cumShares(i) / totalShares) - floor(vested * cumShares(i-1) / totalShares)
///         in total, so the credits of all payees sum to exactly `vested` (the last payee takes the
///         rounding remainder), and at the end `vested == total`. Written by hand on OpenZeppelin's
///         SafeERC20, ReentrancyGuard and Math (OZ 5 no longer ships PaymentSplitter).
contract CapacityLease is ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 public constant MAX_PAYEES = 32;

    struct Offer {
        address operator;
        uint128 units;
        uint128 unitsLeased;
        uint256 pricePerUnitEpoch;
        uint256 totalShares;
        bool active;
        address[] payees;
        uint256[] shares;
    }

    struct Lease {
        uint256 offerId;
        address lessee;
        uint128 units;
        uint64 start;
        uint64 end;
        uint256 total;
        uint256 settled;
        bool closed;
    }

    IERC20 public immutable token;
    uint64 public immutable epochLength;

    Offer[] private _offers;
    Lease[] private _leases;
    mapping(address payee => uint256) public balanceOf;
    /// @notice Escrow not yet credited to payees or refunded (for accounting checks).
    uint256 public escrowed;

    event Offered(uint256 indexed offerId, address indexed operator, uint128 units, uint256 pricePerUnitEpoch);
    event OfferActiveSet(uint256 indexed offerId, bool active);
    event Leased(uint256 indexed leaseId, uint256 indexed offerId, address indexed lessee, uint128 units, uint64 epochs, uint256 total);
    event Settled(uint256 indexed leaseId, uint256 amount);
    event Cancelled(uint256 indexed leaseId, uint256 refund);
    event Withdrawn(address indexed payee, uint256 amount);

    error InvalidParameters();
    error UnknownOffer(uint256 offerId);
    error UnknownLease(uint256 leaseId);
    error OfferInactive(uint256 offerId);
    error NotEnoughCapacity(uint128 requested, uint128 available);
    error NotOperator(uint256 offerId);
    error NotLessee(uint256 leaseId);
    error LeaseClosed(uint256 leaseId);
    error NothingToWithdraw();

    constructor(IERC20 token_, uint64 epochLength_) {
        if (epochLength_ == 0) revert InvalidParameters();
        token = token_;
        epochLength = epochLength_;
    }

    // ---------------------------------------------------------------- operator

    function offer(uint128 units, uint256 pricePerUnitEpoch, address[] calldata payees, uint256[] calldata shares)
        external
        returns (uint256 offerId)
    {
        if (units == 0 || pricePerUnitEpoch == 0) revert InvalidParameters();
        if (payees.length == 0 || payees.length > MAX_PAYEES || payees.length != shares.length) revert InvalidParameters();
        uint256 totalShares;
        for (uint256 i = 0; i < shares.length; i++) {
            if (shares[i] == 0 || payees[i] == address(0)) revert InvalidParameters();
            totalShares += shares[i];
        }
        offerId = _offers.length;
        Offer storage o = _offers.push();
        o.operator = msg.sender;
        o.units = units;
        o.pricePerUnitEpoch = pricePerUnitEpoch;
        o.totalShares = totalShares;
        o.active = true;
        o.payees = payees;
        o.shares = shares;
        emit Offered(offerId, msg.sender, units, pricePerUnitEpoch);
    }

    function setOfferActive(uint256 offerId, bool active) external {
        Offer storage o = _offer(offerId);
        if (msg.sender != o.operator) revert NotOperator(offerId);
        o.active = active;
        emit OfferActiveSet(offerId, active);
    }

    // ---------------------------------------------------------------- lessee

    /// @notice Lease `units` for `epochs` epochs, paying units * price * epochs into escrow now.
    function lease(uint256 offerId, uint128 units, uint64 epochs) external nonReentrant returns (uint256 leaseId) {
        Offer storage o = _offer(offerId);
        if (!o.active) revert OfferInactive(offerId);
        if (units == 0 || epochs == 0) revert InvalidParameters();
        uint128 available = o.units - o.unitsLeased;
        if (units > available) revert NotEnoughCapacity(units, available);
        uint256 total = uint256(units) * o.pricePerUnitEpoch * epochs;
        o.unitsLeased += units;
        leaseId = _leases.length;
        _leases.push(Lease({
            offerId: offerId,
            lessee: msg.sender,
            units: units,
            start: uint64(block.timestamp),
            end: uint64(block.timestamp) + epochs * epochLength,
            total: total,
            settled: 0,
            closed: false
        }));
        escrowed += total;
        token.safeTransferFrom(msg.sender, address(this), total);
        emit Leased(leaseId, offerId, msg.sender, units, epochs, total);
    }

    /// @notice Stop a lease now: what has vested goes to the payees, the rest back to the lessee.
    function cancel(uint256 leaseId) external nonReentrant {
        Lease storage l = _lease(leaseId);
        if (msg.sender != l.lessee) revert NotLessee(leaseId);
        if (l.closed) revert LeaseClosed(leaseId);
        _settle(leaseId, l);
        uint256 refund = l.total - l.settled;
        l.total = l.settled;
        if (!l.closed) _close(l);
        escrowed -= refund;
        if (refund > 0) token.safeTransfer(l.lessee, refund);
        emit Cancelled(leaseId, refund);
    }

    // ---------------------------------------------------------------- anyone

    /// @notice Credit the payees with what has vested since the last settlement.
    function settle(uint256 leaseId) external {
        Lease storage l = _lease(leaseId);
        if (l.closed) revert LeaseClosed(leaseId);
        _settle(leaseId, l);
    }

    /// @notice Pull the caller's credited payments.
    function withdraw() external nonReentrant {
        uint256 amount = balanceOf[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        balanceOf[msg.sender] = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    function vestedOf(uint256 leaseId) public view returns (uint256) {
        Lease storage l = _lease(leaseId);
        if (l.closed) return l.settled;
        if (block.timestamp >= l.end) return l.total;
        return Math.mulDiv(l.total, block.timestamp - l.start, l.end - l.start);
    }

    function getOffer(uint256 offerId) external view returns (Offer memory) {
        return _offer(offerId);
    }

    function getLease(uint256 leaseId) external view returns (Lease memory) {
        return _lease(leaseId);
    }

    function offerCount() external view returns (uint256) {
        return _offers.length;
    }

    function leaseCount() external view returns (uint256) {
        return _leases.length;
    }

    // ---------------------------------------------------------------- internals

    function _settle(uint256 leaseId, Lease storage l) private {
        uint256 vested = vestedOf(leaseId);
        uint256 before = l.settled;
        if (vested > before) {
            Offer storage o = _offers[l.offerId];
            uint256 t = o.totalShares;
            uint256 cum;
            uint256 n = o.payees.length;
            for (uint256 i = 0; i < n; i++) {
                uint256 prev = cum;
                cum += o.shares[i];
                uint256 credit = (Math.mulDiv(vested, cum, t) - Math.mulDiv(vested, prev, t))
                    - (Math.mulDiv(before, cum, t) - Math.mulDiv(before, prev, t));
                balanceOf[o.payees[i]] += credit;
            }
            l.settled = vested;
            escrowed -= vested - before;
            emit Settled(leaseId, vested - before);
        }
        if (block.timestamp >= l.end && !l.closed) _close(l);
    }

    function _close(Lease storage l) private {
        l.closed = true;
        _offers[l.offerId].unitsLeased -= l.units;
    }

    function _offer(uint256 offerId) private view returns (Offer storage) {
        if (offerId >= _offers.length) revert UnknownOffer(offerId);
        return _offers[offerId];
    }

    function _lease(uint256 leaseId) private view returns (Lease storage) {
        if (leaseId >= _leases.length) revert UnknownLease(leaseId);
        return _leases[leaseId];
    }
}
