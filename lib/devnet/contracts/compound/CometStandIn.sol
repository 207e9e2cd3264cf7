// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/*
 * ============================================================================================================
 *  CometStandIn: A TEST STAND-IN. THIS IS NOT COMPOUND'S COMET AND CONTAINS NONE OF ITS CODE.
 * ============================================================================================================
 *
 * Liquidation Guard reads Compound III (Comet) markets through Comet's public view functions only. No npm
 * package ships Comet's bytecode and the project does not bring Comet's (BUSL) source in, so the devnet tests
 * the reader against this contract of ours: it answers the same views, with the same ABI, and computes them
 * with the formulas Compound III documents (docs.compound.finance: "Collateral & Borrowing", "Liquidation",
 * "Interest Rates") and Comet's public interface (the ABI shipped in @compound-finance/compound-js 0.6.2):
 *
 *  - prices: `getPrice(feed)` is the feed's Chainlink `latestRoundData().answer`, 8 decimals, reverting
 *    `BadPrice()` when it is not positive;
 *  - present value of the base balance: principal × index / 1e15 (BASE_INDEX_SCALE), supply and borrow
 *    indices growing by index × ratePerSecond × elapsed / 1e18 (FACTOR_SCALE); principal from a present value
 *    rounds down for supply and up for borrow;
 *  - `borrowBalanceOf` / `balanceOf` accrue the index up to the current block inside the view;
 *    `isLiquidatable` uses the index as last accrued (as Comet's does: `absorb` accrues first, then asks);
 *  - value of an amount: amount × price / scale (scale = 10^decimals), rounded down; a factor applies as
 *    value × factor / 1e18, rounded down;
 *  - liquidity = -borrow × basePrice / baseScale (integer division, towards zero)
 *                + Σ over the account's collateral mulFactor(mulPrice(balance, price, scale), liquidateCF);
 *    `isLiquidatable` ⇔ liquidity < 0. `isBorrowCollateralized` is the same with borrowCollateralFactor and
 *    `>= 0`: a withdrawal or borrow that breaks it reverts `NotCollateralized()`;
 *  - `absorb` seizes all of an account's collateral, credits it Σ mulFactor(value, liquidationFactor)
 *    converted to base at the base price (value × baseScale / basePrice), and never leaves a negative balance
 *    (the protocol eats the rest); it reverts `NotLiquidatable()` for a healthy account.
 *
 *  - interest views the guard's time projection reads (`totalsBasic`, `getUtilization`, the rate curve's
 *    eight parameters and `getSupplyRate`/`getBorrowRate` = base + slopeLow·min(u, kink) + slopeHigh·(u − kink)⁺)
 *    answer with Comet's names and shapes; the stand-in's curve is flat (kink 100 %, slopes 0, base = the
 *    fixed rate), so the rate is the fixed one whatever the utilization.
 *
 * What it leaves out, because the reader never depends on it: utilization-based rates (the rates are fixed
 * per second and set by the governor), reserves, rewards tracking, pause guards, allowances/managers,
 * buyCollateral, transfers of balances, the extension delegate. `standInLiquidity` is ours (not Comet's): it
 * returns the numbers `isLiquidatable` compares, so tests can check the guard's values to the last unit.
 */

interface IStandInERC20 {
    function decimals() external view returns (uint8);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IStandInPriceFeed {
    function decimals() external view returns (uint8);
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/**
 * A settable Chainlink-style price feed (8 decimals). `answer` is storage slot 0, so tests may also move it
 * with anvil_setStorageAt without mining a block.
 */
contract StandInPriceFeed {
    int256 public answer; // slot 0: keep it first
    address public owner;
    uint80 public roundId;
    uint256 public updatedAt;
    string public description;
    /// Every round's answer and time, for `getRoundData` (Chainlink aggregators keep their history).
    mapping(uint80 => int256) internal roundAnswer;
    mapping(uint80 => uint256) internal roundTime;

    error NoDataPresent();

    uint8 public constant decimals = 8;

    error Unauthorized();

    constructor(int256 answer_, string memory description_) {
        answer = answer_;
        owner = msg.sender;
        roundId = 1;
        updatedAt = block.timestamp;
        description = description_;
        roundAnswer[1] = answer_;
        roundTime[1] = block.timestamp;
    }

    function setAnswer(int256 answer_) external {
        if (msg.sender != owner) revert Unauthorized();
        answer = answer_;
        roundId += 1;
        updatedAt = block.timestamp;
        roundAnswer[roundId] = answer_;
        roundTime[roundId] = block.timestamp;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, updatedAt, updatedAt, roundId);
    }

    /// A round moved with anvil_setStorageAt has no history entry: only rounds set through `setAnswer` do.
    function getRoundData(uint80 id) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (id == 0 || id > roundId || roundTime[id] == 0) revert NoDataPresent();
        return (id, roundAnswer[id], roundTime[id], roundTime[id], id);
    }
}

contract CometStandIn {
    // ---- Comet's public types (same field order and widths, so the ABI matches) -----------------------------

    struct AssetInfo {
        uint8 offset;
        address asset;
        address priceFeed;
        uint64 scale;
        uint64 borrowCollateralFactor;
        uint64 liquidateCollateralFactor;
        uint64 liquidationFactor;
        uint128 supplyCap;
    }

    struct UserBasic {
        int104 principal;
        uint64 baseTrackingIndex;
        uint64 baseTrackingAccrued;
        uint16 assetsIn;
        uint8 _reserved;
    }

    struct UserCollateral {
        uint128 balance;
        uint128 _reserved;
    }

    /// Constructor input for one collateral asset; factors are 1e18-scaled.
    struct AssetConfig {
        address asset;
        address priceFeed;
        uint8 decimals;
        uint64 borrowCollateralFactor;
        uint64 liquidateCollateralFactor;
        uint64 liquidationFactor;
        uint128 supplyCap;
    }

    // ---- errors (names as in Comet's interface) -------------------------------------------------------------

    error BadAsset();
    error BadDecimals();
    error BadPrice();
    error BorrowCFTooLarge();
    error LiquidateCFTooLarge();
    error NotCollateralized();
    error NotLiquidatable();
    error SupplyCapExceeded();
    error TooManyAssets();
    error TransferInFailed();
    error TransferOutFailed();
    error Unauthorized();
    error InsufficientCollateral();
    error InvalidUInt64();
    error InvalidUInt128();
    error InvalidInt104();
    error InvalidInt256();

    event Supply(address indexed from, address indexed dst, uint256 amount);
    event Withdraw(address indexed src, address indexed to, uint256 amount);
    event SupplyCollateral(address indexed from, address indexed dst, address indexed asset, uint256 amount);
    event WithdrawCollateral(address indexed src, address indexed to, address indexed asset, uint256 amount);
    event AbsorbCollateral(address indexed absorber, address indexed borrower, address indexed asset, uint256 collateralAbsorbed, uint256 usdValue);
    event AbsorbDebt(address indexed absorber, address indexed borrower, uint256 basePaidOut, uint256 usdValue);

    // ---- constants ------------------------------------------------------------------------------------------

    uint64 internal constant FACTOR_SCALE = 1e18;
    uint64 internal constant BASE_INDEX_SCALE = 1e15;
    uint8 internal constant PRICE_FEED_DECIMALS = 8;
    /// `assetsIn` is a 16-bit set; Comet's original limit.
    uint8 internal constant MAX_ASSETS = 15;

    // ---- configuration --------------------------------------------------------------------------------------

    address public immutable governor;
    address public immutable baseToken;
    address public immutable baseTokenPriceFeed;
    uint256 public immutable baseScale;
    uint8 public immutable decimals;
    uint8 public immutable numAssets;

    AssetInfo[] internal assetList;
    /// offset + 1, so 0 means "not a collateral asset of this market"
    mapping(address => uint8) internal assetOffsetPlusOne;

    // ---- state ----------------------------------------------------------------------------------------------

    uint64 public baseSupplyIndex;
    uint64 public baseBorrowIndex;
    uint40 public lastAccrualTime;
    /// Fixed per-second rates, 1e18-scaled (Comet derives them from utilization; the stand-in sets them).
    uint64 public supplyPerSecondInterestRate;
    uint64 public borrowPerSecondInterestRate;

    mapping(address => UserBasic) public userBasic;
    mapping(address => mapping(address => UserCollateral)) public userCollateral;
    mapping(address => uint128) public totalCollateral;

    constructor(
        address governor_,
        address baseToken_,
        address baseTokenPriceFeed_,
        AssetConfig[] memory assets_,
        uint64 supplyRate_,
        uint64 borrowRate_
    ) {
        if (assets_.length > MAX_ASSETS) revert TooManyAssets();
        if (IStandInPriceFeed(baseTokenPriceFeed_).decimals() != PRICE_FEED_DECIMALS) revert BadDecimals();
        uint8 baseDecimals = IStandInERC20(baseToken_).decimals();
        governor = governor_;
        baseToken = baseToken_;
        baseTokenPriceFeed = baseTokenPriceFeed_;
        baseScale = 10 ** baseDecimals;
        decimals = baseDecimals;
        numAssets = uint8(assets_.length);
        for (uint8 i = 0; i < assets_.length; i++) {
            AssetConfig memory c = assets_[i];
            if (IStandInERC20(c.asset).decimals() != c.decimals) revert BadDecimals();
            if (IStandInPriceFeed(c.priceFeed).decimals() != PRICE_FEED_DECIMALS) revert BadDecimals();
            if (c.borrowCollateralFactor >= c.liquidateCollateralFactor) revert BorrowCFTooLarge();
            if (c.liquidateCollateralFactor > FACTOR_SCALE || c.liquidationFactor > FACTOR_SCALE) revert LiquidateCFTooLarge();
            if (assetOffsetPlusOne[c.asset] != 0 || c.asset == baseToken_) revert BadAsset();
            assetList.push(
                AssetInfo({
                    offset: i,
                    asset: c.asset,
                    priceFeed: c.priceFeed,
                    scale: uint64(10 ** c.decimals),
                    borrowCollateralFactor: c.borrowCollateralFactor,
                    liquidateCollateralFactor: c.liquidateCollateralFactor,
                    liquidationFactor: c.liquidationFactor,
                    supplyCap: c.supplyCap
                })
            );
            assetOffsetPlusOne[c.asset] = i + 1;
        }
        baseSupplyIndex = BASE_INDEX_SCALE;
        baseBorrowIndex = BASE_INDEX_SCALE;
        lastAccrualTime = uint40(block.timestamp);
        supplyPerSecondInterestRate = supplyRate_;
        borrowPerSecondInterestRate = borrowRate_;
    }

    // ---- Comet's views ----------------------------------------------------------------------------------------

    struct TotalsBasic {
        uint64 baseSupplyIndex;
        uint64 baseBorrowIndex;
        uint64 trackingSupplyIndex;
        uint64 trackingBorrowIndex;
        uint104 totalSupplyBase;
        uint104 totalBorrowBase;
        uint40 lastAccrualTime;
        uint8 pauseFlags;
    }

    /// The stand-in keeps no totals (its rates do not depend on them): they answer 0.
    function totalsBasic() external view returns (TotalsBasic memory) {
        return TotalsBasic(baseSupplyIndex, baseBorrowIndex, 0, 0, 0, 0, lastAccrualTime, 0);
    }

    function getUtilization() public pure returns (uint256) {
        return 0;
    }

    function supplyKink() public pure returns (uint256) {
        return FACTOR_SCALE;
    }

    function borrowKink() public pure returns (uint256) {
        return FACTOR_SCALE;
    }

    function supplyPerSecondInterestRateSlopeLow() public pure returns (uint256) {
        return 0;
    }

    function supplyPerSecondInterestRateSlopeHigh() public pure returns (uint256) {
        return 0;
    }

    function borrowPerSecondInterestRateSlopeLow() public pure returns (uint256) {
        return 0;
    }

    function borrowPerSecondInterestRateSlopeHigh() public pure returns (uint256) {
        return 0;
    }

    function supplyPerSecondInterestRateBase() public view returns (uint256) {
        return supplyPerSecondInterestRate;
    }

    function borrowPerSecondInterestRateBase() public view returns (uint256) {
        return borrowPerSecondInterestRate;
    }

    function getSupplyRate(uint256) external view returns (uint64) {
        return supplyPerSecondInterestRate;
    }

    function getBorrowRate(uint256) external view returns (uint64) {
        return borrowPerSecondInterestRate;
    }

    function getAssetInfo(uint8 i) public view returns (AssetInfo memory) {
        if (i >= numAssets) revert BadAsset();
        return assetList[i];
    }

    function getAssetInfoByAddress(address asset) public view returns (AssetInfo memory) {
        uint8 offsetPlusOne = assetOffsetPlusOne[asset];
        if (offsetPlusOne == 0) revert BadAsset();
        return assetList[offsetPlusOne - 1];
    }

    function getPrice(address priceFeed) public view returns (uint256) {
        (, int256 price, , , ) = IStandInPriceFeed(priceFeed).latestRoundData();
        if (price <= 0) revert BadPrice();
        return uint256(price);
    }

    /// Base supplied by `account`, accrued to this block; 0 when the account borrows.
    function balanceOf(address account) public view returns (uint256) {
        (uint64 supplyIndex, ) = accruedIndices(block.timestamp - lastAccrualTime);
        int104 principal = userBasic[account].principal;
        return principal > 0 ? uint256(uint104(principal)) * supplyIndex / BASE_INDEX_SCALE : 0;
    }

    /// Base borrowed by `account`, accrued to this block; 0 when the account supplies.
    function borrowBalanceOf(address account) public view returns (uint256) {
        (, uint64 borrowIndex) = accruedIndices(block.timestamp - lastAccrualTime);
        int104 principal = userBasic[account].principal;
        return principal < 0 ? uint256(uint104(-principal)) * borrowIndex / BASE_INDEX_SCALE : 0;
    }

    function collateralBalanceOf(address account, address asset) external view returns (uint128) {
        return userCollateral[account][asset].balance;
    }

    function isLiquidatable(address account) public view returns (bool) {
        if (userBasic[account].principal >= 0) return false;
        (int256 liquidity, , ) = standInLiquidity(account);
        return liquidity < 0;
    }

    function isBorrowCollateralized(address account) public view returns (bool) {
        int104 principal = userBasic[account].principal;
        if (principal >= 0) return true;
        int256 liquidity = signedMulPrice(presentValue(principal), getPrice(baseTokenPriceFeed), baseScale);
        uint16 assetsIn = userBasic[account].assetsIn;
        for (uint8 i = 0; i < numAssets; i++) {
            if (assetsIn & (uint16(1) << i) == 0) continue;
            AssetInfo memory info = assetList[i];
            uint256 value = mulPrice(userCollateral[account][info.asset].balance, getPrice(info.priceFeed), info.scale);
            liquidity += signed256(mulFactor(value, info.borrowCollateralFactor));
        }
        return liquidity >= 0;
    }

    /**
     * NOT a Comet function: the numbers behind `isLiquidatable`, at the index as last accrued.
     * borrowValue = floor(borrow × basePrice / baseScale); weightedCollateral = Σ floor(floor(balance × price /
     * scale) × liquidateCF / 1e18) over the account's collateral; liquidity = weightedCollateral - borrowValue
     * (only for accounts that borrow; 0, 0, Σ for others).
     */
    function standInLiquidity(address account)
        public
        view
        returns (int256 liquidity, uint256 borrowValue, uint256 weightedCollateral)
    {
        int104 principal = userBasic[account].principal;
        if (principal < 0) {
            int256 debtValue = signedMulPrice(presentValue(principal), getPrice(baseTokenPriceFeed), baseScale);
            borrowValue = uint256(-debtValue);
        }
        uint16 assetsIn = userBasic[account].assetsIn;
        for (uint8 i = 0; i < numAssets; i++) {
            if (assetsIn & (uint16(1) << i) == 0) continue;
            AssetInfo memory info = assetList[i];
            uint256 value = mulPrice(userCollateral[account][info.asset].balance, getPrice(info.priceFeed), info.scale);
            weightedCollateral += mulFactor(value, info.liquidateCollateralFactor);
        }
        liquidity = signed256(weightedCollateral) - signed256(borrowValue);
    }

    // ---- Comet's mutators (the subset tests need) -------------------------------------------------------------

    /// Accrue the indices to this block (Comet's `accrueAccount` also settles rewards, which we do not track).
    function accrueAccount(address) external {
        accrueInternal();
    }

    /**
     * Supply `amount` of `asset` from the sender to itself. The base token repays debt first, then supplies;
     * `type(uint256).max` of the base token repays exactly the accrued debt.
     */
    function supply(address asset, uint256 amount) external {
        accrueInternal();
        if (asset == baseToken) {
            if (amount == type(uint256).max) amount = borrowBalanceOf(msg.sender);
            transferIn(baseToken, msg.sender, amount);
            UserBasic storage user = userBasic[msg.sender];
            user.principal = principalValue(presentValue(user.principal) + signed256(amount));
            emit Supply(msg.sender, msg.sender, amount);
        } else {
            AssetInfo memory info = getAssetInfoByAddress(asset);
            uint128 total = totalCollateral[asset] + safe128(amount);
            if (total > info.supplyCap) revert SupplyCapExceeded();
            transferIn(asset, msg.sender, amount);
            totalCollateral[asset] = total;
            uint128 before = userCollateral[msg.sender][asset].balance;
            uint128 after_ = before + safe128(amount);
            userCollateral[msg.sender][asset].balance = after_;
            updateAssetsIn(msg.sender, info.offset, before, after_);
            emit SupplyCollateral(msg.sender, msg.sender, asset, amount);
        }
    }

    /**
     * Withdraw `amount` of `asset` to the sender. The base token withdraws supply first, then borrows;
     * `type(uint256).max` of the base token withdraws exactly the accrued supply. Reverts `NotCollateralized()`
     * when the account ends with a borrow its collateral does not cover at the borrow collateral factors.
     */
    function withdraw(address asset, uint256 amount) external {
        accrueInternal();
        if (asset == baseToken) {
            if (amount == type(uint256).max) amount = balanceOf(msg.sender);
            UserBasic storage user = userBasic[msg.sender];
            int256 balance = presentValue(user.principal) - signed256(amount);
            user.principal = principalValue(balance);
            if (balance < 0 && !isBorrowCollateralized(msg.sender)) revert NotCollateralized();
            transferOut(baseToken, msg.sender, amount);
            emit Withdraw(msg.sender, msg.sender, amount);
        } else {
            AssetInfo memory info = getAssetInfoByAddress(asset);
            uint128 before = userCollateral[msg.sender][asset].balance;
            if (amount > before) revert InsufficientCollateral();
            uint128 after_ = before - safe128(amount);
            userCollateral[msg.sender][asset].balance = after_;
            totalCollateral[asset] -= safe128(amount);
            updateAssetsIn(msg.sender, info.offset, before, after_);
            if (!isBorrowCollateralized(msg.sender)) revert NotCollateralized();
            transferOut(asset, msg.sender, amount);
            emit WithdrawCollateral(msg.sender, msg.sender, asset, amount);
        }
    }

    /// Absorb underwater accounts (see the header for the accounting). Seized collateral stays in this contract.
    function absorb(address absorber, address[] calldata accounts) external {
        accrueInternal();
        for (uint256 i = 0; i < accounts.length; i++) absorbInternal(absorber, accounts[i]);
    }

    // ---- stand-in administration --------------------------------------------------------------------------------

    /// Set the fixed per-second rates (1e18-scaled), accruing at the old rates first.
    function setRates(uint64 supplyRate_, uint64 borrowRate_) external {
        if (msg.sender != governor) revert Unauthorized();
        accrueInternal();
        supplyPerSecondInterestRate = supplyRate_;
        borrowPerSecondInterestRate = borrowRate_;
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    function absorbInternal(address absorber, address account) internal {
        if (!isLiquidatable(account)) revert NotLiquidatable();
        UserBasic storage user = userBasic[account];
        int256 oldBalance = presentValue(user.principal);
        uint256 basePrice = getPrice(baseTokenPriceFeed);
        uint256 creditedValue = 0;
        for (uint8 i = 0; i < numAssets; i++) {
            if (user.assetsIn & (uint16(1) << i) == 0) continue;
            AssetInfo memory info = assetList[i];
            uint128 seized = userCollateral[account][info.asset].balance;
            userCollateral[account][info.asset].balance = 0;
            totalCollateral[info.asset] -= seized;
            uint256 value = mulPrice(seized, getPrice(info.priceFeed), info.scale);
            creditedValue += mulFactor(value, info.liquidationFactor);
            emit AbsorbCollateral(absorber, account, info.asset, seized, value);
        }
        uint256 credit = creditedValue * baseScale / basePrice;
        int256 newBalance = oldBalance + signed256(credit);
        if (newBalance < 0) newBalance = 0;
        user.principal = principalValue(newBalance);
        user.assetsIn = 0;
        uint256 paidOut = uint256(newBalance - oldBalance);
        emit AbsorbDebt(absorber, account, paidOut, mulPrice(paidOut, basePrice, baseScale));
    }

    function accrueInternal() internal {
        uint256 elapsed = block.timestamp - lastAccrualTime;
        if (elapsed == 0) return;
        (baseSupplyIndex, baseBorrowIndex) = accruedIndices(elapsed);
        lastAccrualTime = uint40(block.timestamp);
    }

    function accruedIndices(uint256 elapsed) internal view returns (uint64 supplyIndex, uint64 borrowIndex) {
        supplyIndex = baseSupplyIndex;
        borrowIndex = baseBorrowIndex;
        if (elapsed > 0) {
            supplyIndex += safe64(mulFactor(supplyIndex, supplyPerSecondInterestRate * elapsed));
            borrowIndex += safe64(mulFactor(borrowIndex, borrowPerSecondInterestRate * elapsed));
        }
    }

    /// Present value of a signed principal at the stored indices (rounded down in magnitude).
    function presentValue(int104 principal) internal view returns (int256) {
        if (principal >= 0) return int256(uint256(uint104(principal)) * baseSupplyIndex / BASE_INDEX_SCALE);
        return -int256(uint256(uint104(-principal)) * baseBorrowIndex / BASE_INDEX_SCALE);
    }

    /// Principal of a signed present value at the stored indices: supply rounds down, borrow rounds up.
    function principalValue(int256 balance) internal view returns (int104) {
        if (balance >= 0) return safe104(uint256(balance) * BASE_INDEX_SCALE / baseSupplyIndex);
        uint256 owed = uint256(-balance);
        return -safe104((owed * BASE_INDEX_SCALE + baseBorrowIndex - 1) / baseBorrowIndex);
    }

    function updateAssetsIn(address account, uint8 offset, uint128 before, uint128 after_) internal {
        if (before == 0 && after_ != 0) userBasic[account].assetsIn |= uint16(1) << offset;
        else if (before != 0 && after_ == 0) userBasic[account].assetsIn &= ~(uint16(1) << offset);
    }

    function mulFactor(uint256 n, uint256 factor) internal pure returns (uint256) {
        return n * factor / FACTOR_SCALE;
    }

    function mulPrice(uint256 n, uint256 price, uint256 scale) internal pure returns (uint256) {
        return n * price / scale;
    }

    function signedMulPrice(int256 n, uint256 price, uint256 scale) internal pure returns (int256) {
        return n * int256(price) / int256(scale);
    }

    // Checked narrowing (a plain cast truncates silently).
    function safe64(uint256 n) internal pure returns (uint64) {
        if (n > type(uint64).max) revert InvalidUInt64();
        return uint64(n);
    }

    function safe128(uint256 n) internal pure returns (uint128) {
        if (n > type(uint128).max) revert InvalidUInt128();
        return uint128(n);
    }

    function safe104(uint256 n) internal pure returns (int104) {
        if (n > uint256(uint104(type(int104).max))) revert InvalidInt104();
        return int104(int256(n));
    }

    function signed256(uint256 n) internal pure returns (int256) {
        if (n > uint256(type(int256).max)) revert InvalidInt256();
        return int256(n);
    }

    function transferIn(address token, address from, uint256 amount) internal {
        if (!IStandInERC20(token).transferFrom(from, address(this), amount)) revert TransferInFailed();
    }

    function transferOut(address token, address to, uint256 amount) internal {
        if (!IStandInERC20(token).transfer(to, amount)) revert TransferOutFailed();
    }
}
