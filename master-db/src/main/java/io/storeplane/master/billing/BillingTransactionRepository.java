package io.storeplane.master.billing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Billing transactions, newest first per store. */
@ApplicationScoped
public class BillingTransactionRepository
    implements PanacheRepositoryBase<BillingTransaction, UUID> {

  public List<BillingTransaction> listForStore(UUID storeId) {
    return list("storeId = ?1 order by createdAt desc", storeId);
  }
}
