namespace Public.Standards.Hj212;

/// <summary>
/// Data flags (<c>xxx-Flag=</c>, standards.md §5.4). Only N marks a value from an instrument working normally;
/// the platform-specific H ("insufficient valid data") is not in HJ 212 and is rejected.
/// </summary>
public enum Hj212DataStatus
{
    /// <summary>N: 在线监控（监测）仪器仪表工作正常.</summary>
    Normal,

    /// <summary>F: 仪器仪表停运 (stopped — not "fault").</summary>
    Stopped,

    /// <summary>M: 仪器仪表处于维护期间产生的数据.</summary>
    Maintenance,

    /// <summary>S: 手工输入的设定值.</summary>
    ManualInput,

    /// <summary>D: 仪器仪表故障.</summary>
    Fault,

    /// <summary>C: 仪器仪表处于校准状态.</summary>
    Calibration,

    /// <summary>T: 仪器仪表采样数值超过测量上限.</summary>
    OverRange,

    /// <summary>B: 仪器仪表与数采仪通讯异常.</summary>
    CommunicationFault,
}

public static class Hj212DataStatuses
{
    public const string Letters = "NFMSDCTB";

    public static bool TryParse(string text, out Hj212DataStatus flag)
    {
        flag = default;
        if (text is null || text.Length != 1)
        {
            return false;
        }

        var index = Letters.IndexOf(text[0], StringComparison.Ordinal);
        if (index < 0)
        {
            return false;
        }

        flag = (Hj212DataStatus)index;
        return true;
    }

    public static char ToLetter(this Hj212DataStatus flag) => Letters[(int)flag];

    public static string DescriptionZh(this Hj212DataStatus flag) => flag switch
    {
        Hj212DataStatus.Normal => "在线监控（监测）仪器仪表工作正常",
        Hj212DataStatus.Stopped => "仪器仪表停运",
        Hj212DataStatus.Maintenance => "仪器仪表处于维护期间产生的数据",
        Hj212DataStatus.ManualInput => "手工输入的设定值",
        Hj212DataStatus.Fault => "仪器仪表故障",
        Hj212DataStatus.Calibration => "仪器仪表处于校准状态",
        Hj212DataStatus.OverRange => "仪器仪表采样数值超过测量上限",
        Hj212DataStatus.CommunicationFault => "仪器仪表与数采仪通讯异常",
        _ => throw new ArgumentOutOfRangeException(nameof(flag)),
    };
}
