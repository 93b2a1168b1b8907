namespace Public.Standards.Hj212;

/// <summary>Command codes (CN, standards.md §5.3) that this project reads or writes.</summary>
public static class Hj212Commands
{
    /// <summary>实时数据: real-time values (<c>-Rtd</c>, <c>-Flag</c>).</summary>
    public const string RealTimeData = "2011";

    /// <summary>日历史数据: daily data (<c>-Cou</c>, <c>-Min</c>, <c>-Avg</c>, <c>-Max</c>, <c>-Flag</c>).</summary>
    public const string DailyData = "2031";

    /// <summary>分钟数据: minute data.</summary>
    public const string MinuteData = "2051";

    /// <summary>小时数据: hourly data.</summary>
    public const string HourlyData = "2061";

    /// <summary>请求应答 (QnRtn): the answer to a request.</summary>
    public const string RequestAnswer = "9011";

    /// <summary>执行结果 (ExeRtn).</summary>
    public const string ExecutionResult = "9012";

    /// <summary>通知应答.</summary>
    public const string NotificationAnswer = "9013";

    /// <summary>数据应答: the answer to an uploaded data packet.</summary>
    public const string DataAnswer = "9014";

    /// <summary>The data uploads (2xxx) this project stores.</summary>
    public static bool IsMonitoringData(string cn) => cn is RealTimeData or DailyData or MinuteData or HourlyData;

    /// <summary>Uploads from a data logger (2xxx) are answered with 9014 (数据应答); requests with 9011 (请求应答).</summary>
    public static bool IsUpload(string cn) => cn.Length == 4 && cn[0] == '2';

    /// <summary>ST=91: 系统交互, the system code of replies.</summary>
    public const string SystemInteraction = "91";
}

/// <summary>QnRtn values of a 9011 request answer (standards.md §5.3).</summary>
public enum Hj212QnRtn
{
    Ready = 1,
    Rejected = 2,
    PasswordError = 3,
    MnError = 4,
    StError = 5,
    FlagError = 6,
    QnError = 7,
    CnError = 8,
    CrcError = 9,
    Unknown = 100,
}
