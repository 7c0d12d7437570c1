/**
 * Where shares go: the permuted server order of a storage index and the "servers of happiness"
 * placement and check (gbs-storage-protocol.md section 7; Tahoe's
 * docs/specifications/servers-of-happiness.rst).
 *
 * <p>Everything here is a pure function or a single-threaded value object: no I/O, no clocks,
 * no Vert.x. Servers are named by their server id strings; callers map their own server types
 * ({@code ServerInfo} or announcements) to {@link org.lafs.placement.RankedServer} and back.
 */
package org.lafs.placement;
