// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @title DevnetOracle
/// @notice Written for the Liquidation Guard devnet: a Morpho Blue oracle whose price is set by hand.
/// @dev `price()` follows Morpho's IOracle: the price of 1 base unit of collateral quoted in base units of the
///   loan token, scaled by 1e36 (so 1 WETH = 2000 USDC reads 2000e6 * 1e36 / 1e18 = 2e27).
///   `price` is the first storage variable (slot 0), so tests may also move it with anvil_setStorageAt, which
///   mines no block and leaves time where it is.
contract DevnetOracle {
    uint256 public price;
    address public immutable owner;

    event PriceSet(uint256 price);

    constructor(uint256 initialPrice) {
        owner = msg.sender;
        price = initialPrice;
        emit PriceSet(initialPrice);
    }

    function setPrice(uint256 newPrice) external {
        require(msg.sender == owner, "not owner");
        price = newPrice;
        emit PriceSet(newPrice);
    }
}
