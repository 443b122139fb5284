/**
 * Deletes the lock only while it still holds the caller's owner token, in one
 * atomic step: a holder whose lock expired and was taken over cannot release
 * its successor's lock.
 */
export const RELEASE_LOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * Stores the value with its expiry and announces the key on the store's
 * channel in one round trip, so waiting processes wake as soon as it is there.
 * KEYS[1] the prefixed key; ARGV: value, ttl in ms, channel, announced key.
 */
export const SET_AND_ANNOUNCE_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`;

/**
 * Replaces a value only while it is still the one the caller read, in one
 * atomic step (the lockout guard's attempt record).
 * KEYS[1] the prefixed key; ARGV: '1' when a value is expected ('0': absent),
 * the expected stored value, the next stored value, the TTL in ms ('' for none).
 * Resolves 1 when replaced, 0 otherwise.
 */
export const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
end
return 1
`;
