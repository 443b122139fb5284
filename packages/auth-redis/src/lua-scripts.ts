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
 * Subtracts one from a counter, never below zero, in one atomic step; a
 * counter back at zero is deleted. Gives back a lockout-guard reservation.
 * KEYS[1] the prefixed counter key. Resolves the new value.
 */
export const DECREMENT_TO_ZERO_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current == nil then
  return redis.error_reply('not a whole number')
end
if current <= 1 then
  redis.call('DEL', KEYS[1])
  return 0
end
return redis.call('DECR', KEYS[1])
`;
