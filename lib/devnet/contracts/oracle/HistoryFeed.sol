// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/*
 * ============================================================================================================
 *  HistoryFeed: A TEST STAND-IN OF OURS. NOT A CHAINLINK CONTRACT AND CONTAINS NONE OF ITS CODE.
 * ============================================================================================================
 *
 * A price feed that answers Chainlink's AggregatorV3Interface (`latestRoundData`, `getRoundData`,
 * `decimals`, `description`) and the older `latestAnswer`/`latestTimestamp` (what AaveOracle reads), with a
 * history written by the test: rounds are appended with their own answers and timestamps, so a history
 * generated from a known process can be read back through the standard interface.
 *
 * Round ids are numbered as Chainlink proxies number them: `phaseId << 64 | aggregatorRoundId`. `newPhase`
 * starts a new phase (as a proxy does when its aggregator is replaced): its round ids restart at 1.
 */
contract HistoryFeed {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    address public immutable owner;
    uint8 public constant decimals = 8;
    string public description;
    uint16 public phaseId = 1;
    mapping(uint16 => Round[]) internal rounds;

    error Unauthorized();
    error NoDataPresent();

    constructor(string memory description_) {
        owner = msg.sender;
        description = description_;
    }

    /// Append rounds to the current phase. Timestamps must not go back.
    function pushRounds(int256[] calldata answers, uint256[] calldata timestamps) external {
        if (msg.sender != owner) revert Unauthorized();
        Round[] storage r = rounds[phaseId];
        for (uint256 i = 0; i < answers.length; i++) r.push(Round(answers[i], timestamps[i]));
    }

    function newPhase() external {
        if (msg.sender != owner) revert Unauthorized();
        phaseId += 1;
    }

    function latestRoundData() public view returns (uint80, int256, uint256, uint256, uint80) {
        Round[] storage r = rounds[phaseId];
        if (r.length == 0) revert NoDataPresent();
        uint80 id = (uint80(phaseId) << 64) | uint80(r.length);
        Round storage last = r[r.length - 1];
        return (id, last.answer, last.updatedAt, last.updatedAt, id);
    }

    function getRoundData(uint80 id) external view returns (uint80, int256, uint256, uint256, uint80) {
        uint16 phase = uint16(id >> 64);
        uint64 aggregatorRound = uint64(id);
        Round[] storage r = rounds[phase];
        if (aggregatorRound == 0 || aggregatorRound > r.length) revert NoDataPresent();
        Round storage round = r[aggregatorRound - 1];
        return (id, round.answer, round.updatedAt, round.updatedAt, id);
    }

    function latestAnswer() external view returns (int256) {
        (, int256 answer, , , ) = latestRoundData();
        return answer;
    }

    function latestTimestamp() external view returns (uint256) {
        (, , , uint256 updatedAt, ) = latestRoundData();
        return updatedAt;
    }
}

interface IHistoryFeed {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/*
 * FeedOracle: A TEST STAND-IN OF OURS, NOT MORPHO'S ChainlinkOracle. It has that oracle's shape as the guard
 * reads it — `price()` (collateral in loan token, 1e36-scaled) built from a base feed, and the immutable
 * getters BASE_FEED_1, BASE_FEED_2, QUOTE_FEED_1, QUOTE_FEED_2 (unused ones are address(0)) — so the
 * guard's Morpho feed discovery and history read can be tested end to end.
 */
contract FeedOracle {
    address public immutable BASE_FEED_1;
    address public constant BASE_FEED_2 = address(0);
    address public constant QUOTE_FEED_1 = address(0);
    address public constant QUOTE_FEED_2 = address(0);
    /// 10^(36 + loan decimals − collateral decimals − feed decimals).
    uint256 public immutable SCALE_FACTOR;

    constructor(address baseFeed, uint256 scaleFactor) {
        BASE_FEED_1 = baseFeed;
        SCALE_FACTOR = scaleFactor;
    }

    function price() external view returns (uint256) {
        (, int256 answer, , , ) = IHistoryFeed(BASE_FEED_1).latestRoundData();
        return uint256(answer) * SCALE_FACTOR;
    }
}
