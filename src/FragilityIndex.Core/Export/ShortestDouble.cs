using System.Numerics;

namespace FragilityIndex.Export;

/// <summary>
/// A double's shortest round-trip text as UTF-8, laid out as <c>double.ToString("R", CultureInfo.InvariantCulture)</c>
/// lays it out (plain below 1E+17 and above 1E-05, scientific beyond with two exponent digits at least), at a fraction
/// of its cost: the digits by Ulf Adams's Ryū algorithm ("Ryū: fast float-to-string conversion", PLDI 2018). Score
/// tables are mostly such numbers, and .NET's Grisu/Dragon4 path was most of the time spent writing them.
/// The text is .NET's wherever .NET's reads back as the same double; where it does not (some exact powers of two,
/// whose lower neighbour is nearer, such as 2^-25: .NET writes 2.980232238769531E-08, which reads back as another
/// double), this writes the shortest text that does (2.9802322387695312E-08, as Python and Java do).
/// </summary>
internal static class ShortestDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InverseBitCount = 125;
    private const int Pow5BitCount = 125;

    // 5^i as 125-bit fixed point (high bits first), and 2^k / 5^i rounded up: computed once from exact integers
    // rather than copied as tables of magic numbers.
    private static readonly UInt128[] Pow5Split = Powers(326, inverse: false);
    private static readonly UInt128[] Pow5InverseSplit = Powers(342, inverse: true);

    /// <summary>The most bytes <see cref="Format"/> writes: "-2.2250738585072014E-308".</summary>
    public const int MaxLength = 25;

    /// <summary>
    /// Writes the text of <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns its length. NaN and the infinities are written as .NET writes them.
    /// </summary>
    public static int Format(double value, Span<byte> destination)
    {
        int written;
        // Ranks, deciles, flags and counts are whole: formatted as integers, as the shortest form writes them below
        // 1e15 (no exponent, no ".0"), at a fraction of the cost. -0 keeps its sign through the general path.
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(destination, out written, default, System.Globalization.CultureInfo.InvariantCulture);
            return written;
        }

        if (!double.IsFinite(value))
        {
            value.TryFormat(destination, out written, default, System.Globalization.CultureInfo.InvariantCulture);
            return written;
        }

        var bits = BitConverter.DoubleToUInt64Bits(value);
        var negative = (bits >> 63) != 0;
        var ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        var ieeeExponent = (int)((bits >> MantissaBits) & 0x7FF);
        var length = 0;
        if (negative) destination[length++] = (byte)'-';
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            destination[length++] = (byte)'0';
            return length;
        }

        var (digits, exponent) = Decimal(ieeeMantissa, ieeeExponent);
        return length + Layout(digits, exponent, destination[length..]);
    }

    // The shortest decimal digits and their power of ten that read back as the double (Ryū's d2d).
    private static (ulong Digits, int Exponent) Decimal(ulong ieeeMantissa, int ieeeExponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }

        var acceptBounds = (m2 & 1) == 0;
        var mv = 4 * m2;
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1U : 0U;
        ulong vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            var k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            var multiplier = Pow5InverseSplit[q];
            vr = MulShift(4 * m2, multiplier, i);
            vp = MulShift(4 * m2 + 2, multiplier, i);
            vm = MulShift(4 * m2 - 1 - mmShift, multiplier, i);
            if (q <= 21)
            {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0) vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                else if (acceptBounds) vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                else vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
            }
        }
        else
        {
            var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            var multiplier = Pow5Split[i];
            vr = MulShift(4 * m2, multiplier, j);
            vp = MulShift(4 * m2 + 2, multiplier, j);
            vm = MulShift(4 * m2 - 1 - mmShift, multiplier, j);
            if (q <= 1)
            {
                // mv = 4 m2 has at least two trailing zero bits.
                vrIsTrailingZeros = true;
                if (acceptBounds) vmIsTrailingZeros = mmShift == 1;
                else vp--;
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = (mv & ((1UL << q) - 1)) == 0;
            }
        }

        var removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // The rare case: exact bounds or an exact value, where ties go to even.
            var lastRemovedDigit = 0UL;
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) lastRemovedDigit = 4;
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            var roundUp = false;
            if (vp / 100 > vm / 100)
            {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }

            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }

        return (output, e10 + removed);
    }

    // .NET's round-trip layout: d.dddE+XX when the decimal exponent is 17 or more or -5 or less, plain digits otherwise.
    // The digits are written in place, and the decimal point let in by moving the digits after it by one.
    private static int Layout(ulong digits, int exponent, Span<byte> destination)
    {
        var count = DigitCount(digits);
        var scientific = exponent + count - 1;
        if (scientific >= 17 || scientific <= -5)
        {
            WriteDigits(digits, destination[..count]);
            var length = count;
            if (count > 1)
            {
                destination[1..count].CopyTo(destination[2..]);
                destination[1] = (byte)'.';
                length++;
            }

            destination[length++] = (byte)'E';
            destination[length++] = scientific < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(scientific);
            if (magnitude >= 100) destination[length++] = (byte)('0' + magnitude / 100);
            destination[length++] = (byte)('0' + magnitude / 10 % 10);
            destination[length++] = (byte)('0' + magnitude % 10);
            return length;
        }

        if (scientific < 0)
        {
            var zeros = -scientific - 1;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, zeros).Fill((byte)'0');
            WriteDigits(digits, destination.Slice(2 + zeros, count));
            return 2 + zeros + count;
        }

        var whole = scientific + 1;
        WriteDigits(digits, destination[..count]);
        if (count <= whole)
        {
            destination[count..whole].Fill((byte)'0');
            return whole;
        }

        destination[whole..count].CopyTo(destination[(whole + 1)..]);
        destination[whole] = (byte)'.';
        return count + 1;
    }

    private static int DigitCount(ulong value)
    {
        var count = 1;
        while (value >= 10_000)
        {
            value /= 10_000;
            count += 4;
        }

        return value >= 1000 ? count + 3 : value >= 100 ? count + 2 : value >= 10 ? count + 1 : count;
    }

    // The decimal digits of value, filling destination from its end, two at a time.
    private static void WriteDigits(ulong value, Span<byte> destination)
    {
        var i = destination.Length;
        while (i >= 2)
        {
            var pair = (int)(value % 100);
            value /= 100;
            destination[--i] = (byte)('0' + pair % 10);
            destination[--i] = (byte)('0' + pair / 10);
        }

        if (i == 1) destination[0] = (byte)('0' + (int)value);
    }

    // (m × multiplier) >> shift, the multiplier a 128-bit fixed-point number and shift above 64.
    private static ulong MulShift(ulong m, UInt128 multiplier, int shift)
    {
        var lowHigh = ((UInt128)m * (ulong)multiplier) >> 64;
        var high = (UInt128)m * (ulong)(multiplier >> 64);
        return (ulong)((lowHigh + high) >> (shift - 64));
    }

    private static bool MultipleOfPowerOf5(ulong value, int power)
    {
        var count = 0;
        while (value % 5 == 0 && value != 0)
        {
            value /= 5;
            count++;
        }

        return count >= power;
    }

    // ⌊log10(2^e)⌋, ⌊log10(5^e)⌋ and the bit length of 5^e, exact over the exponents doubles have.
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static UInt128[] Powers(int count, bool inverse)
    {
        var table = new UInt128[count];
        var power = BigInteger.One;
        for (var i = 0; i < count; i++, power *= 5)
        {
            var bitLength = (int)power.GetBitLength();
            var entry = inverse
                ? (BigInteger.One << (bitLength - 1 + Pow5InverseBitCount)) / power + 1
                : bitLength >= Pow5BitCount ? power >> (bitLength - Pow5BitCount) : power << (Pow5BitCount - bitLength);
            table[i] = (UInt128)entry;
        }

        return table;
    }
}
