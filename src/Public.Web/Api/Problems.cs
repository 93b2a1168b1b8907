namespace Public.Web.Api;

/// <summary>A bad request parameter; turned into an RFC 9457 problem (400) naming the parameter.</summary>
public sealed class BadParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>An unknown resource id; turned into a 404 problem naming it.</summary>
public sealed class NotFoundException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

internal static class Problems
{
    public static IResult BadParameter(BadParameterException e) => TypedResults.Problem(
        title: "请求参数错误 / Bad request parameter",
        detail: e.Message,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter });

    public static IResult NotFound(NotFoundException e) => TypedResults.Problem(
        title: "未找到 / Not found",
        detail: e.Message,
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter });

    /// <summary>Runs a handler body and maps the two input exceptions to problems, so no bad input becomes a 500.</summary>
    public static IResult Guard(Func<IResult> body)
    {
        try
        {
            return body();
        }
        catch (BadParameterException e)
        {
            return BadParameter(e);
        }
        catch (NotFoundException e)
        {
            return NotFound(e);
        }
    }
}
