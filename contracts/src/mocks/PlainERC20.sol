// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainERC20
/// @notice A bare OpenZeppelin ERC20 (no votes, no cap, no roles), only the baseline that
///         bench/gas.ts compares a reward claim with. Not deployed by `npm run chain`.
contract PlainERC20 is ERC20 {
    constructor(uint256 supply) ERC20("Plain", "PLAIN") {
        _mint(msg.sender, supply);
    }
}
