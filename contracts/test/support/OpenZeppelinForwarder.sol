// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Compiles OpenZeppelin's ERC2771Forwarder with the rest of the workspace, so that the gas benchmark
// (bench/gas.ts) can deploy it from contracts/out and relay the same actions through it, side by side with ours.
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
