// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @title FixedRateIrm
/// @notice Written for the Liquidation Guard devnet: a Morpho Blue interest-rate model with one fixed borrow
///   rate per second (WAD), whatever the market's utilization, so interest accrues predictably in tests.
/// @dev Same function signatures as Morpho's IIrm (the structs are ABI tuples of the same fields).
contract FixedRateIrm {
    struct MarketParams {
        address loanToken;
        address collateralToken;
        address oracle;
        address irm;
        uint256 lltv;
    }

    struct Market {
        uint128 totalSupplyAssets;
        uint128 totalSupplyShares;
        uint128 totalBorrowAssets;
        uint128 totalBorrowShares;
        uint128 lastUpdate;
        uint128 fee;
    }

    /// @notice Borrow rate per second, WAD (1e18 = 100 % per second).
    uint256 public immutable RATE_PER_SECOND;

    constructor(uint256 ratePerSecond) {
        RATE_PER_SECOND = ratePerSecond;
    }

    /// @notice What Morpho calls when it accrues interest.
    function borrowRate(MarketParams calldata, Market calldata) external view returns (uint256) {
        return RATE_PER_SECOND;
    }

    /// @notice The same rate without touching storage, for readers.
    function borrowRateView(MarketParams calldata, Market calldata) external view returns (uint256) {
        return RATE_PER_SECOND;
    }
}
