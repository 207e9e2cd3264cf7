// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/*
 * ============================================================================================================
 *  AAVE V4 STAND-IN, NOT AAVE CODE. A TEST STAND-IN WRITTEN FOR LIQUIDATION GUARD; IT CONTAINS NONE OF AAVE'S.
 * ============================================================================================================
 *
 * Aave v4 (Hub & Spoke) is not on npm. The guard reads v4 Spokes through their public views only, so the
 * devnet tests the reader against these contracts of ours: they answer the same views with the same ABI
 * (ISpoke / IHubBase / IAaveOracle of aave/aave-v4 at commit 1e8de8630dfeb26ad309d986eaec44c1ceb48a6d,
 * package 0.5.11) and compute them with the formulas read in that source. References are file:line there:
 *
 *  - Value of an amount: amount × price × 10^(18 − decimals), 1e26 = 1 USD          SpokeUtils.sol:34-40
 *  - Hub shares (virtual 1e6 assets and shares): toShares/toAssets Down/Up           SharesMath.sol:13-62
 *    previewAddByAssets = sharesDown, previewAddByShares = assetsUp,
 *    previewRemoveByShares = assetsDown, remove by assets = sharesUp                  Hub.sol:456-473
 *  - Drawn index: index.rayMulUp(RAY + rate × Δt / year), frozen when nothing drawn  AssetLogic.sol:153-165,
 *                                                                                    MathUtils.sol:20-31
 *  - Added assets: liquidity + swept + fromRayUp(drawnShares × index + premiumRay +
 *    deficitRay) − realizedFees − unrealized fees; unrealized fees = (owed after −
 *    owed before, each fromRayUp).percentMulDown(liquidityFee); accrual books them    AssetLogic.sol:79-96, 141-150, 187-242
 *    (the stand-in books no deficit and sweeps nothing; fees are never minted)
 *  - getAsset returns the IHub.Asset layout                                          IHub.sol:29-56, Hub.sol:568-570
 *  - User debt: drawn = drawnShares.rayMulUp(index); premiumRay = premiumShares ×
 *    index − premiumOffsetRay; total = drawn + fromRayUp(premiumRay)                 UserPositionUtils.sol:127-133,
 *                                                                                    Premium.sol:17-23, Spoke.sol:600-608
 *  - Account data: collateral counted if enabled, CF under the USER's key > 0 and
 *    shares > 0, valued at previewRemoveByShares; debt in ray; HF =
 *    mulDiv(bpsToWad(Σ CF·value), RAY, totalDebtValueRay, Floor); risk premium =
 *    collateral risk of the collateral covering the debt, least risky first         Spoke.sol:706-813
 *  - Config keys: new configs get the next key; a user's key is refreshed on borrow,
 *    withdraw of collateral, enabling collateral and updateUserDynamicConfig, and a
 *    refresh leaving HF < 1 reverts HealthFactorBelowThreshold                       Spoke.sol:191-204, 686-696, 815-818
 *  - Premium: premiumShares = drawnShares.percentMulUp(riskPremium), offset keeps
 *    the premium debt owed so far; refreshed on borrow/withdraw/liquidation only     UserPositionUtils.sol:54-81, Spoke.sol:822-849
 *  - Repay: premium first, then drawn                                                UserPositionUtils.sol:89-106, Spoke.sol:305-344
 *  - Liquidation: HF < 1 strictly (HealthFactorNotBelowThreshold); bonus
 *    interpolated between min (100 % + (max − 100 %) × bonusFactor) and max as HF
 *    falls to healthFactorForMaxBonus; debt to reach targetHealthFactor; $1,000
 *    dust rules on debt and collateral; liquidation fee on the bonus share; deficit
 *    when the last collateral is emptied with debt left                             LiquidationLogic.sol:312-333, 533-826
 *
 * Left out because the reader never depends on it: access manager roles (one owner), position managers,
 * intents/permits, receiving shares on liquidation, the Hub's spoke caps, minting fee shares, interest-rate
 * strategies (a fixed rate per asset set by the owner), the treasury (fee shares are only counted).
 */

interface IStandInERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

library V4Math {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    uint256 internal constant BPS = 1e4;

    /// floor(x·y/d) with a 512-bit intermediate product (reverts if the result does not fit).
    function mulDiv(uint256 x, uint256 y, uint256 d) internal pure returns (uint256 result) {
        unchecked {
            uint256 lo;
            uint256 hi;
            assembly {
                let mm := mulmod(x, y, not(0))
                lo := mul(x, y)
                hi := sub(sub(mm, lo), lt(mm, lo))
            }
            if (hi == 0) return lo / d;
            require(d > hi, "mulDiv overflow");
            uint256 rem;
            assembly {
                rem := mulmod(x, y, d)
                hi := sub(hi, gt(rem, lo))
                lo := sub(lo, rem)
            }
            uint256 pow2 = d & (~d + 1);
            assembly {
                d := div(d, pow2)
                lo := div(lo, pow2)
                pow2 := add(div(sub(0, pow2), pow2), 1)
            }
            lo |= hi * pow2;
            uint256 inv = (3 * d) ^ 2;
            for (uint256 i = 0; i < 6; i++) inv *= 2 - d * inv;
            result = lo * inv;
        }
    }

    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256 r) {
        r = mulDiv(x, y, d);
        if (mulmod(x, y, d) > 0) r += 1;
    }

    function divUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return a / b + (a % b > 0 ? 1 : 0);
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function rayMulUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return divUp(a * b, RAY);
    }

    function fromRayUp(uint256 a) internal pure returns (uint256) {
        return divUp(a, RAY);
    }

    function roundRayUp(uint256 a) internal pure returns (uint256) {
        return divUp(a, RAY) * RAY;
    }

    function toValue(uint256 amount, uint256 decimals, uint256 price) internal pure returns (uint256) {
        return amount * price * 10 ** (18 - decimals);
    }
}

/// A settable 8-decimal price feed (IPriceFeed: decimals, description, latestAnswer).
contract V4StandInPriceFeed {
    int256 public latestAnswer;
    string public description;
    address public immutable owner;

    constructor(int256 answer, string memory description_) {
        latestAnswer = answer;
        description = description_;
        owner = msg.sender;
    }

    function decimals() external pure returns (uint8) {
        return 8;
    }

    function setAnswer(int256 answer) external {
        latestAnswer = answer;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (1, latestAnswer, block.timestamp, block.timestamp, 1);
    }
}

/// The Spoke's oracle: one price source per reserve id, 8 decimals, reverts on a non-positive price.
contract V4StandInOracle {
    error InvalidSource(uint256 reserveId);
    error InvalidPrice(uint256 reserveId);

    mapping(uint256 => address) internal _sources;

    function decimals() external pure returns (uint8) {
        return 8;
    }

    function setReserveSource(uint256 reserveId, address source) external {
        _sources[reserveId] = source;
    }

    function getReserveSource(uint256 reserveId) external view returns (address) {
        return _sources[reserveId];
    }

    function getReservePrice(uint256 reserveId) public view returns (uint256) {
        address source = _sources[reserveId];
        if (source == address(0)) revert InvalidSource(reserveId);
        int256 price = V4StandInPriceFeed(source).latestAnswer();
        if (price <= 0) revert InvalidPrice(reserveId);
        return uint256(price);
    }

    function getReservesPrices(uint256[] calldata reserveIds) external view returns (uint256[] memory prices) {
        prices = new uint256[](reserveIds.length);
        for (uint256 i = 0; i < reserveIds.length; i++) prices[i] = getReservePrice(reserveIds[i]);
    }
}

/// The Hub: liquidity, added shares and drawn shares per asset; any spoke may call (test stand-in).
contract V4StandInHub {
    using V4Math for uint256;

    uint256 internal constant VIRTUAL = 1e6;
    uint256 internal constant YEAR = 365 days;

    struct Asset {
        address underlying;
        uint8 decimals;
        uint256 liquidity;
        uint256 addedShares;
        uint256 drawnShares;
        uint256 premiumShares;
        int256 premiumOffsetRay;
        uint256 drawnIndex;
        uint256 drawnRate; // RAY per year
        uint256 lastUpdate;
        uint256 feeShares;
        uint256 realizedFees;
        uint256 liquidityFee; // bps of interest kept for the fee receiver
    }

    /// IHub.Asset's field order and widths (IHub.sol:29-56): what `getAsset` answers.
    struct AssetView {
        uint120 liquidity;
        uint120 realizedFees;
        uint8 decimals;
        uint120 addedShares;
        uint120 swept;
        int200 premiumOffsetRay;
        uint120 drawnShares;
        uint120 premiumShares;
        uint16 liquidityFee;
        uint120 drawnIndex;
        uint96 drawnRate;
        uint40 lastUpdateTimestamp;
        address underlying;
        address irStrategy;
        address reinvestmentController;
        address feeReceiver;
        uint200 deficitRay;
    }

    Asset[] internal _assets;

    function addAsset(address underlying, uint8 decimals_, uint256 drawnRate) external returns (uint256) {
        _assets.push();
        Asset storage a = _assets[_assets.length - 1];
        a.underlying = underlying;
        a.decimals = decimals_;
        a.drawnIndex = V4Math.RAY;
        a.drawnRate = drawnRate;
        a.lastUpdate = block.timestamp;
        return _assets.length - 1;
    }

    /// Accrues, then sets the yearly rate (0 freezes the index: tests compare across blocks).
    function setDrawnRate(uint256 assetId, uint256 drawnRate) external {
        _accrue(_assets[assetId]);
        _assets[assetId].drawnRate = drawnRate;
    }

    /// Accrues, then sets the share of interest kept as fees (bps).
    function setLiquidityFee(uint256 assetId, uint256 liquidityFee) external {
        require(liquidityFee <= 10_000, "fee");
        _accrue(_assets[assetId]);
        _assets[assetId].liquidityFee = liquidityFee;
    }

    // ---- views the reader uses ----

    function getAsset(uint256 assetId) external view returns (AssetView memory v) {
        Asset storage a = _assets[assetId];
        v.liquidity = uint120(a.liquidity);
        v.realizedFees = uint120(a.realizedFees);
        v.decimals = a.decimals;
        v.addedShares = uint120(a.addedShares);
        v.premiumOffsetRay = int200(a.premiumOffsetRay);
        v.drawnShares = uint120(a.drawnShares);
        v.premiumShares = uint120(a.premiumShares);
        v.liquidityFee = uint16(a.liquidityFee);
        v.drawnIndex = uint120(a.drawnIndex);
        v.drawnRate = uint96(a.drawnRate);
        v.lastUpdateTimestamp = uint40(a.lastUpdate);
        v.underlying = a.underlying;
        v.feeReceiver = address(this);
    }

    function getAssetDrawnRate(uint256 assetId) external view returns (uint256) {
        return _assets[assetId].drawnRate;
    }

    function getAssetCount() external view returns (uint256) {
        return _assets.length;
    }

    function getAssetUnderlyingAndDecimals(uint256 assetId) external view returns (address, uint8) {
        return (_assets[assetId].underlying, _assets[assetId].decimals);
    }

    function getAssetDrawnIndex(uint256 assetId) public view returns (uint256) {
        Asset storage a = _assets[assetId];
        if (a.lastUpdate == block.timestamp || (a.drawnShares == 0 && a.premiumShares == 0)) return a.drawnIndex;
        return a.drawnIndex.rayMulUp(V4Math.RAY + (a.drawnRate * (block.timestamp - a.lastUpdate)) / YEAR);
    }

    function getAddedAssets(uint256 assetId) public view returns (uint256) {
        Asset storage a = _assets[assetId];
        uint256 index = getAssetDrawnIndex(assetId);
        return a.liquidity + _owedRay(a, index).fromRayUp() - a.realizedFees - _unrealizedFees(a, index);
    }

    function _owedRay(Asset storage a, uint256 index) internal view returns (uint256) {
        int256 premiumRay = int256(a.premiumShares * index) - a.premiumOffsetRay;
        return a.drawnShares * index + (premiumRay > 0 ? uint256(premiumRay) : 0);
    }

    function _unrealizedFees(Asset storage a, uint256 index) internal view returns (uint256) {
        if (index == a.drawnIndex || a.liquidityFee == 0) return 0;
        return ((_owedRay(a, index).fromRayUp() - _owedRay(a, a.drawnIndex).fromRayUp()) * a.liquidityFee) / 10_000;
    }

    function getAddedShares(uint256 assetId) external view returns (uint256) {
        return _assets[assetId].addedShares;
    }

    function previewAddByAssets(uint256 assetId, uint256 assets) public view returns (uint256) {
        return V4Math.mulDiv(assets, _assets[assetId].addedShares + VIRTUAL, getAddedAssets(assetId) + VIRTUAL);
    }

    function previewAddByShares(uint256 assetId, uint256 shares) public view returns (uint256) {
        return V4Math.mulDivUp(shares, getAddedAssets(assetId) + VIRTUAL, _assets[assetId].addedShares + VIRTUAL);
    }

    function previewRemoveByAssets(uint256 assetId, uint256 assets) public view returns (uint256) {
        return V4Math.mulDivUp(assets, _assets[assetId].addedShares + VIRTUAL, getAddedAssets(assetId) + VIRTUAL);
    }

    function previewRemoveByShares(uint256 assetId, uint256 shares) public view returns (uint256) {
        return V4Math.mulDiv(shares, getAddedAssets(assetId) + VIRTUAL, _assets[assetId].addedShares + VIRTUAL);
    }

    // ---- spoke entry points (tokens are moved to the Hub by the spoke before add / restore) ----

    function add(uint256 assetId, uint256 amount) external returns (uint256 shares) {
        Asset storage a = _assets[assetId];
        _accrue(a);
        shares = previewAddByAssets(assetId, amount);
        a.addedShares += shares;
        a.liquidity += amount;
    }

    function remove(uint256 assetId, uint256 amount, address to) external returns (uint256 shares) {
        Asset storage a = _assets[assetId];
        _accrue(a);
        shares = previewRemoveByAssets(assetId, amount);
        a.addedShares -= shares;
        a.liquidity -= amount;
        require(IStandInERC20(a.underlying).transfer(to, amount), "transfer");
    }

    function draw(uint256 assetId, uint256 amount, address to) external returns (uint256 shares) {
        Asset storage a = _assets[assetId];
        _accrue(a);
        shares = V4Math.divUp(amount * V4Math.RAY, a.drawnIndex); // rayDivUp (AssetLogic.sol:41-46)
        a.drawnShares += shares;
        a.liquidity -= amount;
        require(IStandInERC20(a.underlying).transfer(to, amount), "transfer");
    }

    function restore(uint256 assetId, uint256 drawnShares, uint256 amount, int256 premiumSharesDelta, int256 offsetDelta) external {
        Asset storage a = _assets[assetId];
        _accrue(a);
        a.drawnShares -= drawnShares;
        a.liquidity += amount;
        _applyPremium(a, premiumSharesDelta, offsetDelta);
    }

    function refreshPremium(uint256 assetId, int256 premiumSharesDelta, int256 offsetDelta) external {
        Asset storage a = _assets[assetId];
        _accrue(a);
        _applyPremium(a, premiumSharesDelta, offsetDelta);
    }

    /// Debt written off: it leaves the Hub's owed amount (the stand-in books no deficit).
    function reportDeficit(uint256 assetId, uint256 drawnShares, int256 premiumSharesDelta, int256 offsetDelta) external {
        Asset storage a = _assets[assetId];
        _accrue(a);
        a.drawnShares -= drawnShares;
        _applyPremium(a, premiumSharesDelta, offsetDelta);
    }

    function payFeeShares(uint256 assetId, uint256 shares) external {
        _assets[assetId].feeShares += shares;
    }

    function _applyPremium(Asset storage a, int256 sharesDelta, int256 offsetDelta) internal {
        a.premiumShares = uint256(int256(a.premiumShares) + sharesDelta);
        a.premiumOffsetRay += offsetDelta;
    }

    function _accrue(Asset storage a) internal {
        if (a.lastUpdate == block.timestamp) return;
        uint256 index = a.drawnIndex;
        if (!(a.drawnShares == 0 && a.premiumShares == 0)) {
            index = index.rayMulUp(V4Math.RAY + (a.drawnRate * (block.timestamp - a.lastUpdate)) / YEAR);
        }
        a.realizedFees += _unrealizedFees(a, index);
        a.drawnIndex = index;
        a.lastUpdate = block.timestamp;
    }
}

/// The Spoke: reserves on one or more Hubs, per-user positions, config keys, premium, liquidations.
contract V4StandInSpoke {
    using V4Math for uint256;

    struct Reserve {
        address underlying;
        address hub;
        uint16 assetId;
        uint8 decimals;
        uint24 collateralRisk;
        uint8 flags; // bit 0 paused, 1 frozen, 2 borrowable, 3 receiveSharesEnabled
        uint32 dynamicConfigKey;
    }
    struct ReserveConfig {
        uint24 collateralRisk;
        bool paused;
        bool frozen;
        bool borrowable;
        bool receiveSharesEnabled;
    }
    struct DynamicReserveConfig {
        uint16 collateralFactor;
        uint32 maxLiquidationBonus;
        uint16 liquidationFee;
    }
    struct LiquidationConfig {
        uint128 targetHealthFactor;
        uint64 healthFactorForMaxBonus;
        uint16 liquidationBonusFactor;
    }
    struct UserPosition {
        uint120 drawnShares;
        uint120 premiumShares;
        int200 premiumOffsetRay;
        uint120 suppliedShares;
        uint32 dynamicConfigKey;
    }
    struct UserAccountData {
        uint256 riskPremium;
        uint256 avgCollateralFactor;
        uint256 healthFactor;
        uint256 totalCollateralValue;
        uint256 totalDebtValueRay;
        uint256 activeCollateralCount;
        uint256 borrowCount;
    }
    struct PremiumDelta {
        int256 sharesDelta;
        int256 offsetRayDelta;
        uint256 restoredPremiumRay;
    }

    error ReserveNotListed();
    error HealthFactorBelowThreshold();
    error HealthFactorNotBelowThreshold();
    error MustNotLeaveDust();
    error ReserveNotSupplied();
    error ReserveNotBorrowed();
    error ReserveNotEnabledAsCollateral();
    error SelfLiquidation();
    error InvalidDebtToCover();
    error ReservePaused();
    error ReserveFrozen();
    error ReserveNotBorrowable();
    error Unauthorized();
    error InvalidCollateralFactorAndMaxLiquidationBonus();

    event LiquidationCall(
        uint256 indexed collateralReserveId,
        uint256 indexed debtReserveId,
        address indexed user,
        address liquidator,
        bool receiveShares,
        uint256 debtAmountRestored,
        uint256 drawnSharesLiquidated,
        PremiumDelta premiumDelta,
        uint256 collateralAmountRemoved,
        uint256 collateralSharesLiquidated,
        uint256 collateralSharesToLiquidator
    );

    uint256 public constant HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1e18;
    uint256 public constant DUST_LIQUIDATION_THRESHOLD = 1000e26;

    address public immutable ORACLE;
    address public immutable owner;
    uint256 internal _reserveCount;
    mapping(uint256 => Reserve) internal _reserves;
    mapping(uint256 => mapping(uint32 => DynamicReserveConfig)) internal _dynamicConfig;
    mapping(address => mapping(uint256 => UserPosition)) internal _userPositions;
    mapping(address => mapping(uint256 => bool)) internal _usingAsCollateral;
    mapping(address => mapping(uint256 => bool)) internal _borrowing;
    mapping(address => uint256) internal _riskPremium;
    LiquidationConfig internal _liquidationConfig;

    constructor(address oracle_) {
        ORACLE = oracle_;
        owner = msg.sender;
        _liquidationConfig = LiquidationConfig(1.05e18, 0.95e18, 50_00);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert Unauthorized();
        _;
    }

    // ---- governance (owner) ----

    function updateLiquidationConfig(LiquidationConfig calldata config) external onlyOwner {
        _liquidationConfig = config;
    }

    function addReserve(address hub, uint256 assetId, address priceSource, ReserveConfig calldata config, DynamicReserveConfig calldata dyn)
        external
        onlyOwner
        returns (uint256 reserveId)
    {
        _validateDynamic(dyn);
        reserveId = _reserveCount++;
        (address underlying, uint8 decimals) = V4StandInHub(hub).getAssetUnderlyingAndDecimals(assetId);
        V4StandInOracle(ORACLE).setReserveSource(reserveId, priceSource);
        _reserves[reserveId] = Reserve(underlying, hub, uint16(assetId), decimals, config.collateralRisk, _flags(config), 0);
        _dynamicConfig[reserveId][0] = dyn;
    }

    function updateReserveConfig(uint256 reserveId, ReserveConfig calldata config) external onlyOwner {
        Reserve storage r = _get(reserveId);
        r.collateralRisk = config.collateralRisk;
        r.flags = _flags(config);
    }

    function addDynamicReserveConfig(uint256 reserveId, DynamicReserveConfig calldata dyn) external onlyOwner returns (uint32 key) {
        _validateDynamic(dyn);
        Reserve storage r = _get(reserveId);
        key = r.dynamicConfigKey + 1;
        r.dynamicConfigKey = key;
        _dynamicConfig[reserveId][key] = dyn;
    }

    function updateDynamicReserveConfig(uint256 reserveId, uint32 key, DynamicReserveConfig calldata dyn) external onlyOwner {
        _get(reserveId);
        _validateDynamic(dyn);
        _dynamicConfig[reserveId][key] = dyn;
    }

    // ---- user actions (msg.sender acts for itself) ----

    function supply(uint256 reserveId, uint256 amount, address onBehalfOf) external returns (uint256, uint256) {
        Reserve storage r = _get(reserveId);
        _onlySelf(onBehalfOf);
        if (r.flags & 1 != 0) revert ReservePaused();
        if (r.flags & 2 != 0) revert ReserveFrozen();
        require(IStandInERC20(r.underlying).transferFrom(msg.sender, r.hub, amount), "transferFrom");
        uint256 shares = V4StandInHub(r.hub).add(r.assetId, amount);
        _userPositions[onBehalfOf][reserveId].suppliedShares += uint120(shares);
        return (shares, amount);
    }

    function withdraw(uint256 reserveId, uint256 amount, address onBehalfOf) external returns (uint256, uint256) {
        Reserve storage r = _get(reserveId);
        _onlySelf(onBehalfOf);
        UserPosition storage p = _userPositions[onBehalfOf][reserveId];
        uint256 withdrawn = V4Math.min(amount, V4StandInHub(r.hub).previewRemoveByShares(r.assetId, p.suppliedShares));
        uint256 shares = V4StandInHub(r.hub).remove(r.assetId, withdrawn, msg.sender);
        p.suppliedShares -= uint120(shares);
        if (_usingAsCollateral[onBehalfOf][reserveId]) _notifyRiskPremium(onBehalfOf, _refreshAndValidate(onBehalfOf).riskPremium);
        return (shares, withdrawn);
    }

    function borrow(uint256 reserveId, uint256 amount, address onBehalfOf) external returns (uint256, uint256) {
        Reserve storage r = _get(reserveId);
        _onlySelf(onBehalfOf);
        if (r.flags & 1 != 0) revert ReservePaused();
        if (r.flags & 2 != 0) revert ReserveFrozen();
        if (r.flags & 4 == 0) revert ReserveNotBorrowable();
        uint256 shares = V4StandInHub(r.hub).draw(r.assetId, amount, msg.sender);
        _userPositions[onBehalfOf][reserveId].drawnShares += uint120(shares);
        _borrowing[onBehalfOf][reserveId] = true;
        _notifyRiskPremium(onBehalfOf, _refreshAndValidate(onBehalfOf).riskPremium);
        return (shares, amount);
    }

    function repay(uint256 reserveId, uint256 amount, address onBehalfOf) external returns (uint256, uint256) {
        Reserve storage r = _get(reserveId);
        _onlySelf(onBehalfOf);
        UserPosition storage p = _userPositions[onBehalfOf][reserveId];
        uint256 index = V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId);
        (uint256 drawnRestored, uint256 premiumRayRestored) = _restoreAmounts(p, index, amount);
        uint256 restoredShares = (drawnRestored * V4Math.RAY) / index; // rayDivDown
        PremiumDelta memory delta = _premiumDelta(p, restoredShares, index, _riskPremium[onBehalfOf], premiumRayRestored);
        uint256 total = drawnRestored + premiumRayRestored.fromRayUp();
        require(IStandInERC20(r.underlying).transferFrom(msg.sender, r.hub, total), "transferFrom");
        V4StandInHub(r.hub).restore(r.assetId, restoredShares, total, delta.sharesDelta, delta.offsetRayDelta);
        _applyPremium(p, delta);
        p.drawnShares -= uint120(restoredShares);
        if (p.drawnShares == 0) _borrowing[onBehalfOf][reserveId] = false;
        return (restoredShares, total);
    }

    /// UserPositionUtils.calculateRestoreAmount (l.89-106): premium first, then drawn.
    function _restoreAmounts(UserPosition storage p, uint256 index, uint256 amount) internal view returns (uint256, uint256) {
        uint256 premiumRay = _premiumRay(p, index);
        uint256 drawn = uint256(p.drawnShares).rayMulUp(index);
        uint256 premium = premiumRay.fromRayUp();
        if (amount >= drawn + premium) return (drawn, premiumRay);
        if (amount < premium) return (0, amount * V4Math.RAY);
        return (amount - premium, premiumRay);
    }

    function setUsingAsCollateral(uint256 reserveId, bool usingAsCollateral, address onBehalfOf) external {
        _get(reserveId);
        _onlySelf(onBehalfOf);
        if (_usingAsCollateral[onBehalfOf][reserveId] == usingAsCollateral) return;
        _usingAsCollateral[onBehalfOf][reserveId] = usingAsCollateral;
        if (usingAsCollateral) {
            _userPositions[onBehalfOf][reserveId].dynamicConfigKey = _reserves[reserveId].dynamicConfigKey;
        } else {
            _notifyRiskPremium(onBehalfOf, _refreshAndValidate(onBehalfOf).riskPremium);
        }
    }

    function updateUserDynamicConfig(address onBehalfOf) external {
        if (msg.sender != onBehalfOf && msg.sender != owner) revert Unauthorized();
        _notifyRiskPremium(onBehalfOf, _refreshAndValidate(onBehalfOf).riskPremium);
    }

    function updateUserRiskPremium(address onBehalfOf) external {
        if (msg.sender != onBehalfOf && msg.sender != owner) revert Unauthorized();
        _notifyRiskPremium(onBehalfOf, _accountData(onBehalfOf, false).riskPremium);
    }

    // ---- views ----

    function getLiquidationConfig() external view returns (LiquidationConfig memory) {
        return _liquidationConfig;
    }

    function getReserveCount() external view returns (uint256) {
        return _reserveCount;
    }

    function getReserve(uint256 reserveId) external view returns (Reserve memory) {
        return _get(reserveId);
    }

    function getReserveConfig(uint256 reserveId) external view returns (ReserveConfig memory) {
        Reserve storage r = _get(reserveId);
        return ReserveConfig(r.collateralRisk, r.flags & 1 != 0, r.flags & 2 != 0, r.flags & 4 != 0, r.flags & 8 != 0);
    }

    function getDynamicReserveConfig(uint256 reserveId, uint32 key) external view returns (DynamicReserveConfig memory) {
        _get(reserveId);
        return _dynamicConfig[reserveId][key];
    }

    function getUserReserveStatus(uint256 reserveId, address user) external view returns (bool, bool) {
        _get(reserveId);
        return (_usingAsCollateral[user][reserveId], _borrowing[user][reserveId]);
    }

    function getUserSuppliedAssets(uint256 reserveId, address user) external view returns (uint256) {
        Reserve storage r = _get(reserveId);
        return V4StandInHub(r.hub).previewRemoveByShares(r.assetId, _userPositions[user][reserveId].suppliedShares);
    }

    function getUserSuppliedShares(uint256 reserveId, address user) external view returns (uint256) {
        _get(reserveId);
        return _userPositions[user][reserveId].suppliedShares;
    }

    function getUserDebt(uint256 reserveId, address user) public view returns (uint256, uint256) {
        Reserve storage r = _get(reserveId);
        UserPosition storage p = _userPositions[user][reserveId];
        uint256 index = V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId);
        return (uint256(p.drawnShares).rayMulUp(index), _premiumRay(p, index).fromRayUp());
    }

    function getUserTotalDebt(uint256 reserveId, address user) external view returns (uint256) {
        (uint256 drawn, uint256 premium) = getUserDebt(reserveId, user);
        return drawn + premium;
    }

    function getUserPremiumDebtRay(uint256 reserveId, address user) external view returns (uint256) {
        Reserve storage r = _get(reserveId);
        return _premiumRay(_userPositions[user][reserveId], V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId));
    }

    function getUserPosition(uint256 reserveId, address user) external view returns (UserPosition memory) {
        _get(reserveId);
        return _userPositions[user][reserveId];
    }

    function getUserLastRiskPremium(address user) external view returns (uint256) {
        return _riskPremium[user];
    }

    function getUserAccountData(address user) external view returns (UserAccountData memory) {
        return _accountDataView(user);
    }

    function getLiquidationBonus(uint256 reserveId, address user, uint256 healthFactor) external view returns (uint256) {
        _get(reserveId);
        LiquidationConfig memory c = _liquidationConfig;
        return _bonus(c, healthFactor, _dynamicConfig[reserveId][_userPositions[user][reserveId].dynamicConfigKey].maxLiquidationBonus);
    }

    // ---- liquidation ----

    struct Liq {
        Reserve coll;
        Reserve debt;
        DynamicReserveConfig dyn;
        uint256 collPrice;
        uint256 debtPrice;
        uint256 collUnit;
        uint256 debtUnit;
        uint256 suppliedShares;
        uint256 drawnShares;
        uint256 premiumRay;
        uint256 index;
        uint256 bonus;
        uint256 hf;
        uint256 totalDebtValueRay;
        uint256 debtToCover;
        uint256 collShares;
        uint256 drawnToLiq;
        uint256 premiumToLiq;
        address user;
        uint256 collId;
        uint256 debtId;
        uint256 removed;
        uint256 toLiquidator;
        uint256 restored;
    }

    function liquidationCall(uint256 collateralReserveId, uint256 debtReserveId, address user, uint256 debtToCover, bool receiveShares)
        external
    {
        UserAccountData memory acc = _accountDataView(user);
        Liq memory l;
        l.user = user;
        l.collId = collateralReserveId;
        l.debtId = debtReserveId;
        l.coll = _get(collateralReserveId);
        l.debt = _get(debtReserveId);
        UserPosition storage cp = _userPositions[user][collateralReserveId];
        UserPosition storage dp = _userPositions[user][debtReserveId];
        l.dyn = _dynamicConfig[collateralReserveId][cp.dynamicConfigKey];
        l.suppliedShares = cp.suppliedShares;
        l.index = V4StandInHub(l.debt.hub).getAssetDrawnIndex(l.debt.assetId);
        l.drawnShares = dp.drawnShares;
        l.premiumRay = _premiumRay(dp, l.index);
        l.hf = acc.healthFactor;
        l.totalDebtValueRay = acc.totalDebtValueRay;
        l.debtToCover = debtToCover;

        // LiquidationLogic._validateLiquidationCall (l.533-559)
        if (user == msg.sender) revert SelfLiquidation();
        if (debtToCover == 0) revert InvalidDebtToCover();
        if (l.coll.flags & 1 != 0 || l.debt.flags & 1 != 0) revert ReservePaused();
        if (l.suppliedShares == 0) revert ReserveNotSupplied();
        if (l.drawnShares == 0) revert ReserveNotBorrowed();
        if (l.hf >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) revert HealthFactorNotBelowThreshold();
        if (l.dyn.collateralFactor == 0 || !_usingAsCollateral[user][collateralReserveId]) revert ReserveNotEnabledAsCollateral();
        require(!receiveShares, "stand-in: receiveShares not supported");

        l.collPrice = V4StandInOracle(ORACLE).getReservePrice(collateralReserveId);
        l.debtPrice = V4StandInOracle(ORACLE).getReservePrice(debtReserveId);
        l.collUnit = 10 ** l.coll.decimals;
        l.debtUnit = 10 ** l.debt.decimals;
        l.bonus = _bonus(_liquidationConfig, l.hf, l.dyn.maxLiquidationBonus);
        _amounts(l);
        _liquidateCollateral(l, cp);
        PremiumDelta memory delta = _liquidateDebt(l, dp);
        bool debtEmpty = dp.drawnShares == 0;

        emit LiquidationCall(
            l.collId, l.debtId, l.user, msg.sender, false, l.restored, l.drawnToLiq, delta, l.removed, l.collShares, l.toLiquidator
        );

        // _evaluateDeficit (l.816-826), Spoke.sol:375-387
        bool deficit = cp.suppliedShares == 0 && acc.activeCollateralCount <= 1 && (!debtEmpty || acc.borrowCount > 1);
        if (deficit) {
            _reportDeficit(user);
        } else {
            _notifyRiskPremium(user, _accountData(user, false).riskPremium);
        }
    }

    /// LiquidationLogic._liquidateCollateral (l.450-489), fee shares per l.690-694.
    function _liquidateCollateral(Liq memory l, UserPosition storage cp) internal {
        l.toLiquidator = l.collShares - l.collShares.mulDivUp(l.dyn.liquidationFee * (l.bonus - V4Math.BPS), l.bonus * V4Math.BPS);
        cp.suppliedShares -= uint120(l.collShares);
        l.removed = V4StandInHub(l.coll.hub).previewRemoveByShares(l.coll.assetId, l.collShares);
        if (l.toLiquidator > 0) {
            uint256 amount = l.toLiquidator < l.collShares
                ? V4StandInHub(l.coll.hub).previewRemoveByShares(l.coll.assetId, l.toLiquidator)
                : l.removed;
            V4StandInHub(l.coll.hub).remove(l.coll.assetId, amount, msg.sender);
        }
        if (l.collShares > l.toLiquidator) V4StandInHub(l.coll.hub).payFeeShares(l.coll.assetId, l.collShares - l.toLiquidator);
    }

    /// LiquidationLogic._liquidateDebt (l.493-529)
    function _liquidateDebt(Liq memory l, UserPosition storage dp) internal returns (PremiumDelta memory delta) {
        delta = _premiumDelta(dp, l.drawnToLiq, l.index, _riskPremium[l.user], l.premiumToLiq);
        l.restored = l.drawnToLiq.rayMulUp(l.index) + l.premiumToLiq.fromRayUp();
        require(IStandInERC20(l.debt.underlying).transferFrom(msg.sender, l.debt.hub, l.restored), "transferFrom");
        V4StandInHub(l.debt.hub).restore(l.debt.assetId, l.drawnToLiq, l.restored, delta.sharesDelta, delta.offsetRayDelta);
        _applyPremium(dp, delta);
        dp.drawnShares -= uint120(l.drawnToLiq);
        if (dp.drawnShares == 0) _borrowing[l.user][l.debtId] = false;
    }

    /// LiquidationLogic._calculateLiquidationAmounts with _calculateDebtToLiquidate / ToTargetHealthFactor.
    function _amounts(Liq memory l) internal view {
        LiquidationConfig memory c = _liquidationConfig;
        // _calculateDebtToTargetHealthFactor (l.795-813)
        uint256 penalty = (l.bonus * 1e14).mulDivUp(l.dyn.collateralFactor, V4Math.BPS);
        uint256 toTarget = V4Math.mulDivUp(
            l.totalDebtValueRay, l.debtUnit * (c.targetHealthFactor - l.hf), (c.targetHealthFactor - penalty) * l.debtPrice * V4Math.WAD
        );
        // _calculateDebtToLiquidate (l.735-791)
        uint256 premiumToLiq = V4Math.min(toTarget.roundRayUp(), l.premiumRay);
        if (l.debtToCover < premiumToLiq.fromRayUp()) premiumToLiq = l.debtToCover * V4Math.RAY;
        uint256 drawnToLiq;
        if (premiumToLiq == l.premiumRay && premiumToLiq < toTarget) {
            uint256 sharesToTarget = V4Math.divUp(toTarget - premiumToLiq, l.index);
            uint256 sharesToCover = V4Math.mulDiv(l.debtToCover - premiumToLiq.fromRayUp(), V4Math.RAY, l.index);
            drawnToLiq = V4Math.min(V4Math.min(sharesToTarget, sharesToCover), l.drawnShares);
        }
        uint256 remainingRay = (l.drawnShares - drawnToLiq) * l.index + l.premiumRay - premiumToLiq;
        if (drawnToLiq < l.drawnShares && V4Math.toValue(remainingRay, l.debt.decimals, l.debtPrice) < DUST_LIQUIDATION_THRESHOLD * V4Math.RAY) {
            drawnToLiq = l.drawnShares;
            premiumToLiq = l.premiumRay;
        }
        uint256 collShares = _collateralShares(l, drawnToLiq, premiumToLiq);
        // collateral dust and caps (l.612-681)
        bool collDust;
        if (collShares < l.suppliedShares) {
            uint256 left = V4StandInHub(l.coll.hub).previewRemoveByShares(l.coll.assetId, l.suppliedShares - collShares);
            collDust = V4Math.toValue(left, l.coll.decimals, l.collPrice) < DUST_LIQUIDATION_THRESHOLD;
        }
        if (collShares > l.suppliedShares || (collDust && drawnToLiq < l.drawnShares)) {
            collShares = l.suppliedShares;
            uint256 debtRay = V4Math.mulDivUp(
                V4StandInHub(l.coll.hub).previewAddByShares(l.coll.assetId, collShares),
                l.collPrice * l.debtUnit * V4Math.BPS * V4Math.RAY,
                l.debtPrice * l.collUnit * l.bonus
            );
            if (debtRay <= l.premiumRay) {
                premiumToLiq = V4Math.min(debtRay.roundRayUp(), l.premiumRay);
                drawnToLiq = 0;
            } else {
                premiumToLiq = l.premiumRay;
                drawnToLiq = V4Math.divUp(debtRay - premiumToLiq, l.index);
                if (drawnToLiq > l.drawnShares) {
                    drawnToLiq = l.drawnShares;
                    collShares = V4Math.min(_collateralShares(l, drawnToLiq, premiumToLiq), l.suppliedShares);
                }
            }
        }
        if (l.debtToCover < drawnToLiq.rayMulUp(l.index) + premiumToLiq.fromRayUp()) revert MustNotLeaveDust();
        l.collShares = collShares;
        l.drawnToLiq = drawnToLiq;
        l.premiumToLiq = premiumToLiq;
    }

    /// LiquidationLogic._calculateCollateralToLiquidate (l.707-729)
    function _collateralShares(Liq memory l, uint256 drawn, uint256 premium) internal view returns (uint256) {
        uint256 debtRay = drawn * l.index + premium;
        uint256 assets = V4Math.mulDiv(
            debtRay, l.debtPrice * l.collUnit * l.bonus, l.debtUnit * l.collPrice * V4Math.BPS * V4Math.RAY
        );
        return V4StandInHub(l.coll.hub).previewAddByAssets(l.coll.assetId, assets);
    }

    /// LiquidationLogic.calculateLiquidationBonus (l.312-333)
    function _bonus(LiquidationConfig memory c, uint256 hf, uint256 maxBonus) internal pure returns (uint256) {
        if (hf <= c.healthFactorForMaxBonus) return maxBonus;
        uint256 minBonus = ((maxBonus - V4Math.BPS) * c.liquidationBonusFactor) / V4Math.BPS + V4Math.BPS;
        return minBonus + V4Math.mulDiv(maxBonus - minBonus, 1e18 - hf, 1e18 - c.healthFactorForMaxBonus);
    }

    function _reportDeficit(address user) internal {
        _riskPremium[user] = 0;
        for (uint256 id = 0; id < _reserveCount; id++) {
            if (!_borrowing[user][id]) continue;
            Reserve storage r = _reserves[id];
            UserPosition storage p = _userPositions[user][id];
            uint256 index = V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId);
            uint256 shares = p.drawnShares;
            PremiumDelta memory delta = _premiumDelta(p, shares, index, 0, _premiumRay(p, index));
            V4StandInHub(r.hub).reportDeficit(r.assetId, shares, delta.sharesDelta, delta.offsetRayDelta);
            _applyPremium(p, delta);
            p.drawnShares = 0;
            _borrowing[user][id] = false;
        }
    }

    // ---- account data (Spoke.sol:706-813) ----

    function _accountDataView(address user) internal view returns (UserAccountData memory a) {
        uint256[] memory risks;
        uint256[] memory values;
        (a, risks, values) = _collect(user);
        _finish(a, risks, values);
    }

    function _accountData(address user, bool refresh) internal returns (UserAccountData memory a) {
        if (refresh) {
            for (uint256 id = 0; id < _reserveCount; id++) {
                if (_usingAsCollateral[user][id]) _userPositions[user][id].dynamicConfigKey = _reserves[id].dynamicConfigKey;
            }
        }
        uint256[] memory risks;
        uint256[] memory values;
        (a, risks, values) = _collect(user);
        _finish(a, risks, values);
    }

    function _refreshAndValidate(address user) internal returns (UserAccountData memory a) {
        a = _accountData(user, true);
        if (a.healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD) revert HealthFactorBelowThreshold();
    }

    function _collect(address user)
        internal
        view
        returns (UserAccountData memory a, uint256[] memory risks, uint256[] memory values)
    {
        risks = new uint256[](_reserveCount);
        values = new uint256[](_reserveCount);
        for (uint256 id = 0; id < _reserveCount; id++) {
            Reserve storage r = _reserves[id];
            UserPosition storage p = _userPositions[user][id];
            bool coll = _usingAsCollateral[user][id];
            bool borrowing = _borrowing[user][id];
            if (!coll && !borrowing) continue;
            uint256 price = V4StandInOracle(ORACLE).getReservePrice(id);
            if (coll) {
                uint256 cf = _dynamicConfig[id][p.dynamicConfigKey].collateralFactor;
                if (cf > 0 && p.suppliedShares > 0) {
                    uint256 value = V4Math.toValue(V4StandInHub(r.hub).previewRemoveByShares(r.assetId, p.suppliedShares), r.decimals, price);
                    a.totalCollateralValue += value;
                    risks[a.activeCollateralCount] = r.collateralRisk;
                    values[a.activeCollateralCount] = value;
                    a.avgCollateralFactor += cf * value;
                    a.activeCollateralCount += 1;
                }
            }
            if (borrowing) {
                uint256 index = V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId);
                uint256 debtRay = uint256(p.drawnShares) * index + _premiumRay(p, index);
                a.totalDebtValueRay += V4Math.toValue(debtRay, r.decimals, price);
                a.borrowCount += 1;
            }
        }
    }

    function _finish(UserAccountData memory a, uint256[] memory risks, uint256[] memory values) internal pure {
        if (a.totalDebtValueRay > 0) {
            a.healthFactor = V4Math.mulDiv(a.avgCollateralFactor * 1e14, V4Math.RAY, a.totalDebtValueRay);
        } else {
            a.healthFactor = type(uint256).max;
        }
        if (a.totalCollateralValue > 0) a.avgCollateralFactor = (a.avgCollateralFactor * 1e14) / a.totalCollateralValue;
        // sort by risk ascending, value descending (KeyValueList.sortByKey), insertion sort
        uint256 n = a.activeCollateralCount;
        for (uint256 i = 1; i < n; i++) {
            (uint256 rk, uint256 v) = (risks[i], values[i]);
            uint256 j = i;
            while (j > 0 && (risks[j - 1] > rk || (risks[j - 1] == rk && values[j - 1] < v))) {
                risks[j] = risks[j - 1];
                values[j] = values[j - 1];
                j--;
            }
            (risks[j], values[j]) = (rk, v);
        }
        uint256 totalDebt = a.totalDebtValueRay.fromRayUp();
        uint256 left = totalDebt;
        for (uint256 i = 0; i < n && left > 0; i++) {
            uint256 v = V4Math.min(values[i], left);
            a.riskPremium += v * risks[i];
            left -= v;
        }
        if (left < totalDebt) a.riskPremium = V4Math.divUp(a.riskPremium, totalDebt - left);
    }

    // ---- premium (UserPositionUtils.sol:35-81, Spoke.sol:822-849) ----

    function _notifyRiskPremium(address user, uint256 newRiskPremium) internal {
        if (newRiskPremium == 0 && _riskPremium[user] == 0) return;
        _riskPremium[user] = newRiskPremium;
        for (uint256 id = 0; id < _reserveCount; id++) {
            if (!_borrowing[user][id]) continue;
            Reserve storage r = _reserves[id];
            UserPosition storage p = _userPositions[user][id];
            PremiumDelta memory delta = _premiumDelta(p, 0, V4StandInHub(r.hub).getAssetDrawnIndex(r.assetId), newRiskPremium, 0);
            V4StandInHub(r.hub).refreshPremium(r.assetId, delta.sharesDelta, delta.offsetRayDelta);
            _applyPremium(p, delta);
        }
    }

    function _premiumRay(UserPosition storage p, uint256 index) internal view returns (uint256) {
        return uint256(int256(uint256(p.premiumShares) * index) - int256(p.premiumOffsetRay));
    }

    function _premiumDelta(UserPosition storage p, uint256 drawnSharesTaken, uint256 index, uint256 riskPremium, uint256 restoredPremiumRay)
        internal
        view
        returns (PremiumDelta memory d)
    {
        uint256 premiumRay = _premiumRay(p, index);
        uint256 newShares = V4Math.divUp((uint256(p.drawnShares) - drawnSharesTaken) * riskPremium, V4Math.BPS);
        int256 newOffset = int256(newShares * index) - int256(premiumRay - restoredPremiumRay);
        d.sharesDelta = int256(newShares) - int256(uint256(p.premiumShares));
        d.offsetRayDelta = newOffset - int256(p.premiumOffsetRay);
        d.restoredPremiumRay = restoredPremiumRay;
    }

    function _applyPremium(UserPosition storage p, PremiumDelta memory d) internal {
        p.premiumShares = uint120(uint256(int256(uint256(p.premiumShares)) + d.sharesDelta));
        p.premiumOffsetRay = int200(int256(p.premiumOffsetRay) + d.offsetRayDelta);
    }

    // ---- helpers ----

    function _get(uint256 reserveId) internal view returns (Reserve storage r) {
        r = _reserves[reserveId];
        if (r.hub == address(0)) revert ReserveNotListed();
    }

    function _onlySelf(address onBehalfOf) internal view {
        if (msg.sender != onBehalfOf) revert Unauthorized();
    }

    function _flags(ReserveConfig calldata c) internal pure returns (uint8) {
        return (c.paused ? 1 : 0) | (c.frozen ? 2 : 0) | (c.borrowable ? 4 : 0) | (c.receiveSharesEnabled ? 8 : 0);
    }

    /// Spoke._validateDynamicReserveConfig (Spoke.sol:921-930)
    function _validateDynamic(DynamicReserveConfig calldata c) internal pure {
        if (
            c.collateralFactor >= V4Math.BPS || c.maxLiquidationBonus < V4Math.BPS
                || V4Math.divUp(uint256(c.maxLiquidationBonus) * c.collateralFactor, V4Math.BPS) >= V4Math.BPS
                || c.liquidationFee > V4Math.BPS
        ) revert InvalidCollateralFactorAndMaxLiquidationBonus();
    }
}
