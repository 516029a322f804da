// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console} from "forge-std/Script.sol";
import {ConsentRegistry} from "../src/ConsentRegistry.sol";
import {IntentForwarder} from "../src/IntentForwarder.sol";

/// @title Deploys the IntentForwarder and the ConsentRegistry and writes `<DEPLOYMENTS_DIR>/<chainId>.json`
/// @notice Environment: DEPLOYER_PRIVATE_KEY (required), ADMIN_ADDRESS (default: the deployer), DEPLOYMENTS_DIR
/// (default contracts/deployments). Sepolia: `forge script contracts/script/Deploy.s.sol --rpc-url $RPC_URL --broadcast`.
contract Deploy is Script {
    /// @notice The registry did not land at the address the forwarder was built for.
    error RegistryAddressMismatch(address expected, address actual);

    /// @notice Deploy both contracts and record where.
    /// @return registry the ConsentRegistry
    /// @return forwarder the IntentForwarder it trusts
    function run() external returns (ConsentRegistry registry, IntentForwarder forwarder) {
        uint256 deployerKey = vm.envUint("DEPLOYER_PRIVATE_KEY");
        address deployer = vm.addr(deployerKey);
        address admin = vm.envOr("ADMIN_ADDRESS", deployer);
        string memory dir = vm.envOr("DEPLOYMENTS_DIR", string("contracts/deployments"));
        uint256 startBlock = block.number;

        vm.startBroadcast(deployerKey);
        // The two contracts reference each other: build the forwarder for the registry's predicted address.
        address predicted = vm.computeCreateAddress(deployer, vm.getNonce(deployer) + 1);
        forwarder = new IntentForwarder(predicted);
        registry = new ConsentRegistry(address(forwarder), admin);
        vm.stopBroadcast();
        if (address(registry) != predicted) revert RegistryAddressMismatch(predicted, address(registry));

        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeAddress(key, "registry", address(registry));
        vm.serializeAddress(key, "forwarder", address(forwarder));
        vm.serializeAddress(key, "admin", admin);
        string memory json = vm.serializeUint(key, "startBlock", startBlock);
        string memory file = string.concat(dir, "/", vm.toString(block.chainid), ".json");
        vm.createDir(dir, true);
        vm.writeJson(json, file);
        console.log("ConsentRegistry", address(registry));
        console.log("IntentForwarder", address(forwarder));
        console.log("written to", file);
    }
}
