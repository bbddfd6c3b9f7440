package io.storeplane.provisioning.connect;

/**
 * The ConnectionManager as a whole at one moment.
 *
 * @param budget the most connections all store pools may hold
 * @param reserved connections reserved by open and draining pools
 * @param openPools pools serving calls
 * @param drainingPools replaced pools finishing their last calls
 * @param waiting callers waiting for budget
 * @param routes stores whose route is cached
 */
public record ManagerStatus(
    int budget, int reserved, int openPools, int drainingPools, int waiting, int routes) {}
