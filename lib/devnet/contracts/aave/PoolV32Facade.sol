// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/*
 * ============================================================================================================
 *  PoolV32Facade: A TEST STAND-IN. THIS IS NOT AAVE'S POOL AND CONTAINS NONE OF ITS CODE.
 * ============================================================================================================
 *
 * Live Aave v3 markets run release 3.2 or later, where e-mode changed:
 *  - a category's member assets are no longer the reserves whose configuration word carries the category id in
 *    bits 168–175; they are two per-category bitmaps of reserve ids, `getEModeCategoryCollateralBitmap(id)`
 *    (assets that count with the category's parameters as collateral) and `getEModeCategoryBorrowableBitmap(id)`
 *    (assets that may be borrowed in the category); bits 168–175 of the reserve configuration are unused;
 *  - the category's parameters come from `getEModeCategoryCollateralConfig(id)` → (ltv, liquidationThreshold,
 *    liquidationBonus), and the category price source is gone (assets always use their own oracle price);
 *  - `getEModeCategoryData(id)` (the 3.0/3.1 call) is what the reader must NOT need on such a Pool.
 * No npm package ships 3.2+ bytecode, so the devnet runs the real Aave 3.0.2 Pool. This contract of ours
 * stands in front of that real Pool and answers the Pool views Liquidation Guard's reader makes, with the
 * ABI of Aave's 3.2+ IPool (as in @aave-dao/aave-address-book), from the real Pool's state:
 *
 *  - forwarded unchanged: getReservesList, getUserConfiguration, getUserEMode, getReserveNormalizedIncome,
 *    getReserveNormalizedVariableDebt;
 *  - getReserveData: forwarded (3.2+ returns the same "ReserveDataLegacy" layout), with configuration bits
 *    168–175 cleared, as they carry nothing on 3.2+;
 *  - getEModeCategoryCollateralConfig(id): ltv, liquidationThreshold, liquidationBonus of the real Pool's
 *    getEModeCategoryData(id) (whose price source must be zero: 3.2+ has none);
 *  - getEModeCategoryCollateralBitmap(id) and getEModeCategoryBorrowableBitmap(id): bit `reserve.id` set for
 *    every listed reserve whose (real) configuration bits 168–175 equal `id` — the membership the 3.0 Pool
 *    applies, in the shape a 3.2+ Pool exposes it (3.0 lets e-mode users borrow only category assets, so both
 *    bitmaps are the same). Category 0 ("no e-mode") has empty bitmaps, as on 3.2+;
 *  - getEModeCategoryData is deliberately NOT implemented (the call reverts), so nothing can fall back to it.
 *
 * It holds no state besides the real Pool's address and implements no writes: positions are opened on the
 * real Pool, whose getUserAccountData stays the reference for the health factor.
 * `PoolAddressesProviderV32Facade` is the matching addresses provider: `getPool()` answers the facade,
 * `getPriceOracle()` forwards to the real provider.
 */

struct ReserveConfigurationMap {
    uint256 data;
}

struct UserConfigurationMap {
    uint256 data;
}

/// Aave's DataTypes.ReserveData in 3.0 = DataTypes.ReserveDataLegacy in 3.2+ (same fields, same order).
struct ReserveDataLegacy {
    ReserveConfigurationMap configuration;
    uint128 liquidityIndex;
    uint128 currentLiquidityRate;
    uint128 variableBorrowIndex;
    uint128 currentVariableBorrowRate;
    uint128 currentStableBorrowRate;
    uint40 lastUpdateTimestamp;
    uint16 id;
    address aTokenAddress;
    address stableDebtTokenAddress;
    address variableDebtTokenAddress;
    address interestRateStrategyAddress;
    uint128 accruedToTreasury;
    uint128 unbacked;
    uint128 isolationModeTotalDebt;
}

/// 3.0's DataTypes.EModeCategory, what the real Pool's getEModeCategoryData returns.
struct EModeCategoryV30 {
    uint16 ltv;
    uint16 liquidationThreshold;
    uint16 liquidationBonus;
    address priceSource;
    string label;
}

/// 3.2+'s DataTypes.CollateralConfig, what getEModeCategoryCollateralConfig returns.
struct CollateralConfig {
    uint16 ltv;
    uint16 liquidationThreshold;
    uint16 liquidationBonus;
}

/// The views of the real (3.0) Pool the facade reads.
interface IPoolV30 {
    function getReservesList() external view returns (address[] memory);
    function getReserveData(address asset) external view returns (ReserveDataLegacy memory);
    function getUserConfiguration(address user) external view returns (UserConfigurationMap memory);
    function getUserEMode(address user) external view returns (uint256);
    function getReserveNormalizedIncome(address asset) external view returns (uint256);
    function getReserveNormalizedVariableDebt(address asset) external view returns (uint256);
    function getEModeCategoryData(uint8 id) external view returns (EModeCategoryV30 memory);
}

interface IPoolAddressesProviderV30 {
    function getPriceOracle() external view returns (address);
}

contract PoolV32Facade {
    /// Reserve configuration bits 168–175: the pre-3.2 e-mode category.
    uint256 internal constant EMODE_CATEGORY_START_BIT = 168;
    uint256 internal constant EMODE_CATEGORY_MASK = uint256(0xFF) << EMODE_CATEGORY_START_BIT;

    IPoolV30 internal immutable REAL_POOL;

    constructor(address realPool) {
        REAL_POOL = IPoolV30(realPool);
    }

    /// The real 3.0 Pool behind the facade (ours, not part of Aave's interface).
    function realPool() external view returns (address) {
        return address(REAL_POOL);
    }

    // ---- forwarded -------------------------------------------------------------------------------------------

    function getReservesList() external view returns (address[] memory) {
        return REAL_POOL.getReservesList();
    }

    function getReserveData(address asset) external view returns (ReserveDataLegacy memory data) {
        data = REAL_POOL.getReserveData(asset);
        data.configuration.data &= ~EMODE_CATEGORY_MASK;
    }

    function getUserConfiguration(address user) external view returns (UserConfigurationMap memory) {
        return REAL_POOL.getUserConfiguration(user);
    }

    function getUserEMode(address user) external view returns (uint256) {
        return REAL_POOL.getUserEMode(user);
    }

    function getReserveNormalizedIncome(address asset) external view returns (uint256) {
        return REAL_POOL.getReserveNormalizedIncome(asset);
    }

    function getReserveNormalizedVariableDebt(address asset) external view returns (uint256) {
        return REAL_POOL.getReserveNormalizedVariableDebt(asset);
    }

    // ---- 3.2+ e-mode views -------------------------------------------------------------------------------------

    function getEModeCategoryCollateralConfig(uint8 id) external view returns (CollateralConfig memory) {
        EModeCategoryV30 memory category = REAL_POOL.getEModeCategoryData(id);
        // A 3.0 category priced from its own source has no 3.2+ equivalent: refuse rather than misreport.
        require(category.priceSource == address(0), "PoolV32Facade: category has a price source");
        return CollateralConfig(category.ltv, category.liquidationThreshold, category.liquidationBonus);
    }

    function getEModeCategoryCollateralBitmap(uint8 id) external view returns (uint128) {
        return _membersBitmap(id);
    }

    function getEModeCategoryBorrowableBitmap(uint8 id) external view returns (uint128) {
        return _membersBitmap(id);
    }

    /// Bit `reserve.id` for every listed reserve whose real configuration carries category `id`.
    function _membersBitmap(uint8 id) internal view returns (uint128 bitmap) {
        if (id == 0) return 0;
        address[] memory reserves = REAL_POOL.getReservesList();
        for (uint256 i = 0; i < reserves.length; i++) {
            ReserveDataLegacy memory data = REAL_POOL.getReserveData(reserves[i]);
            uint256 category = (data.configuration.data & EMODE_CATEGORY_MASK) >> EMODE_CATEGORY_START_BIT;
            if (category == id) bitmap |= uint128(1) << data.id;
        }
    }
}

/// The addresses provider in front of the facade: `getPool()` is the facade, the oracle is the real one.
contract PoolAddressesProviderV32Facade {
    address internal immutable POOL_FACADE;
    IPoolAddressesProviderV30 internal immutable REAL_PROVIDER;

    constructor(address realProvider, address poolFacade) {
        REAL_PROVIDER = IPoolAddressesProviderV30(realProvider);
        POOL_FACADE = poolFacade;
    }

    function getPool() external view returns (address) {
        return POOL_FACADE;
    }

    function getPriceOracle() external view returns (address) {
        return REAL_PROVIDER.getPriceOracle();
    }
}
