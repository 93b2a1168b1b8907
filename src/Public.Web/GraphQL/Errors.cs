using GraphQL;
using GraphQL.Execution;
using Public.Web.Api;

namespace Public.Web.GraphQL;

/// <summary>
/// Error shape of the GraphQL API: <c>{message, locations, path, extensions: {code, parameter?}}</c>. Bad input
/// raised by the query services (the same exceptions REST turns into 400/404 problems) keeps its sentence and
/// names the parameter; anything else is reported without internals.
/// </summary>
internal sealed class PublicErrorInfoProvider() : ErrorInfoProvider(o =>
{
    o.ExposeCode = true;
    o.ExposeCodes = false;
    o.ExposeData = false;
    o.ExposeExceptionDetails = false;
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var parameter = executionError.InnerException switch
        {
            BadParameterException b => b.Parameter,
            NotFoundException n => n.Parameter,
            _ => null,
        };
        if (parameter is not null)
        {
            info.Extensions ??= new Dictionary<string, object?>();
            info.Extensions["parameter"] = parameter;
        }

        return info;
    }

    /// <summary>Keeps the message of the input exceptions (they are written for the client); hides others.</summary>
    public static void OnUnhandled(UnhandledExceptionContext context)
    {
        switch (context.OriginalException)
        {
            case BadParameterException or NotFoundException:
                context.ErrorMessage = context.OriginalException.Message;
                break;
            case FormatException when context.FieldContext is not null:
                context.ErrorMessage = context.OriginalException.Message;
                break;
        }
    }
}
