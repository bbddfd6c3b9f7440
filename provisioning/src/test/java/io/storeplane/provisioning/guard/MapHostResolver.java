package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link HostResolver} for tests: names resolve to the addresses they were given, no DNS. */
final class MapHostResolver implements HostResolver {

  private final Map<String, List<InetAddress>> names = new HashMap<>();

  /** Makes {@code name} resolve to {@code literals}, in order. */
  MapHostResolver with(String name, String... literals) {
    names.put(
        name,
        Arrays.stream(literals)
            .map(
                literal -> {
                  try {
                    return InetAddress.getByAddress(
                        name, IpLiterals.parse(literal).orElseThrow().getAddress());
                  } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(literal, e);
                  }
                })
            .toList());
    return this;
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    List<InetAddress> addresses = names.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    return addresses;
  }
}
