/* A stand-in for bcryptprimitives.dll under Wine 8 (Debian 12), which lacks it: Rust's
 * standard library (1.78 and later) imports ProcessPrng from it for random numbers, so
 * without it no Rust program for Windows starts there. Windows 10 and later have the real
 * one; this is only for running the tests under Wine (scripts/test.sh puts it into the
 * Wine prefix). Fills the buffer from RtlGenRandom (advapi32's SystemFunction036). */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
