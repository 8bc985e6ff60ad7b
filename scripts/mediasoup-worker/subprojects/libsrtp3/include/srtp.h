// libsrtp 3 API over Debian's libsrtp 2.
//
// mediasoup's worker is written against libsrtp 3 (versatica's fork), where protect /
// unprotect take separate input and output buffers with size_t lengths. Debian ships
// libsrtp 2, whose functions work in place with int lengths. These inline C++ overloads
// give the worker the v3 signatures: copy into the output buffer, call the v2 function
// in place, report the output length. No worker source changes are needed.
#pragma once

// libsrtp 3's srtp_policy_t is an opaque handle filled through setters; libsrtp 2's is the
// struct itself. The v2 struct is included under another name, and the handle below is the
// v3 type the worker declares (`srtp_policy_t policy{ nullptr }`).
#define srtp_policy_t linkroom_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Error codes that exist only in libsrtp 3 (values as in libsrtp 3's srtp.h).
constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

namespace linkroom_srtp3_shim
{
	// Copies `in` to `out` (when they differ) and runs the in-place v2 function on `out`.
	// `growth` is how many bytes the operation may add (the SRTP/SRTCP trailer).
	template<typename V2Fn>
	inline srtp_err_status_t inPlace(
	  V2Fn v2Fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t growth)
	{
		if (inLen > static_cast<size_t>(INT_MAX) - growth)
			return srtp_err_status_bad_param;
		if (*outLen < inLen + growth)
			return srtp_err_status_buffer_small;
		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);
		const srtp_err_status_t err = v2Fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}
} // namespace linkroom_srtp3_shim

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mkiIndex*/)
{
	return linkroom_srtp3_shim::inPlace(
	  static_cast<srtp_err_status_t (*)(srtp_t, void*, int*)>(&srtp_protect),
	  ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TRAILER_LEN);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return linkroom_srtp3_shim::inPlace(
	  static_cast<srtp_err_status_t (*)(srtp_t, void*, int*)>(&srtp_unprotect),
	  ctx, srtp, srtpLen, rtp, rtpLen, 0);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mkiIndex*/)
{
	return linkroom_srtp3_shim::inPlace(
	  static_cast<srtp_err_status_t (*)(srtp_t, void*, int*)>(&srtp_protect_rtcp),
	  ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TRAILER_LEN);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return linkroom_srtp3_shim::inPlace(
	  static_cast<srtp_err_status_t (*)(srtp_t, void*, int*)>(&srtp_unprotect_rtcp),
	  ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}

// libsrtp 3's policy object: a v2 policy and the master key + salt it points to.
struct linkroom_srtp3_policy
{
	linkroom_srtp2_policy_t v2{};
	uint8_t key[SRTP_MAX_KEY_LEN]{};
};
using srtp_policy_t = linkroom_srtp3_policy*;

inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	*policy = new linkroom_srtp3_policy();

	return srtp_err_status_ok;
}

inline void srtp_policy_destroy(srtp_policy_t policy)
{
	delete policy;
}

inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	policy->v2.ssrc = ssrc;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	const srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->v2.rtp, profile);

	return err != srtp_err_status_ok ? err
	                                 : srtp_crypto_policy_set_from_profile_for_rtcp(&policy->v2.rtcp, profile);
}

// v2 takes the key and the salt as one buffer, key first.
inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t keyLen,
  const uint8_t* salt,
  size_t saltLen,
  const uint8_t* mki,
  size_t mkiLen)
{
	if (mki != nullptr || mkiLen != 0 || keyLen + saltLen > sizeof(policy->key))
		return srtp_err_status_bad_param;

	std::memcpy(policy->key, key, keyLen);
	std::memcpy(policy->key + keyLen, salt, saltLen);
	policy->v2.key = policy->key;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	policy->v2.allow_repeat_tx = allow ? 1 : 0;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t windowSize)
{
	policy->v2.window_size = static_cast<unsigned long>(windowSize);

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{
	return srtp_create(session, &policy->v2);
}

// libsrtp 3 renamed srtp_remove_stream() to srtp_stream_remove().
inline srtp_err_status_t srtp_stream_remove(srtp_t ctx, uint32_t ssrc)
{
	return srtp_remove_stream(ctx, ssrc);
}
#endif
